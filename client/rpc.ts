/**
 * Hono's typed client over the server's routes (src/app.ts exports their type):
 * a path, an input or an answer that drifts from the server fails the type check.
 * `ok()` turns a call into its success body, or throws the same ApiError as api.ts.
 */
import { hc, type ClientResponse } from 'hono/client';
import type { ResponseFormat } from 'hono/types';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { ApiRoutes } from '../src/app';
import { errorOf, networkError } from './api';
import { sharedFetch } from './shared-get';

/** Every /api route, same-origin (the session cookie goes along); identical GETs in flight share one request. */
export const rpc = hc<ApiRoutes>('/api', {
  init: { credentials: 'same-origin' },
  fetch: sharedFetch,
});

/**
 * The body of the route's success answers: each answer's type is paired with its
 * status, and the error shape goes too (fail() types its status as any status).
 */
type Success<R> =
  R extends ClientResponse<infer T, infer S, infer F>
    ? S extends SuccessStatusCode
      ? F extends 'json'
        ? Exclude<T, { error: unknown }>
        : undefined // 204: no body
      : never
    : never;

/** The body of a successful answer, typed by the route; an error answer or no answer throws ApiError. */
export async function ok<R extends ClientResponse<unknown, number, ResponseFormat>>(
  call: Promise<R>,
): Promise<Success<R>> {
  let res: R;
  try {
    res = await call;
  } catch {
    throw networkError();
  }
  if (res.status === 204) return undefined as Success<R>;
  const data = await res.json().catch(() => null);
  if (!res.ok) throw errorOf(res.status, data);
  return data as Success<R>;
}
