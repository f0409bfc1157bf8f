/** The only place the client talks HTTP: JSON in and out, errors as ApiError. */
import { sharedFetch } from './shared-get';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The network failing before any answer: the same error for every call. */
export const networkError = () =>
  new ApiError(0, 'network', 'Connexion impossible. Vérifiez votre réseau.');

/** An error answer (`{error: {code, message, fields}}`) as an ApiError. */
export function errorOf(status: number, data: unknown): ApiError {
  const e = (data as { error?: Partial<ApiError> } | null)?.error ?? {};
  return new ApiError(status, e.code ?? 'http_error', e.message ?? `Erreur ${status}`, e.fields);
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let res: Response;
  try {
    res = await sharedFetch(path, {
      method,
      // Same-origin only (relative paths), so `include` sends what `same-origin` would; it also
      // lets the GET take index.html's preload of /api/me (a preload matches on credentials mode).
      credentials: 'include',
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw networkError();
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) throw errorOf(res.status, data);
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}, headers?: Record<string, string>) =>
    request<T>('POST', path, body, headers),
  patch: <T>(path: string, body: unknown = {}) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown = {}) => request<T>('PUT', path, body),
  delete: <T>(path: string, body?: unknown) => request<T>('DELETE', path, body),
};
