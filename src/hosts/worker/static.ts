import type { WorkerEnv } from './env';

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  json: 'application/json',
  html: 'text/html; charset=utf-8',
};
/** Best first: what the build wrote next to each file (scripts/precompress.mjs). */
const ENCODINGS = [
  ['br', '.br'],
  ['gzip', '.gz'],
] as const;

function accepted(header: string | null) {
  return new Set((header ?? '').split(',').map((e) => e.split(';')[0].trim().toLowerCase()));
}

/**
 * The client's hashed files (/assets/*) in the encoding the browser asks for: the
 * build's .br or .gz as it is (encodeBody: 'manual', workerd must not compress it
 * again), with Vary and a year of immutable caching; otherwise Workers Assets as usual.
 */
export async function serveAsset(request: Request, env: WorkerEnv & { ASSETS: Fetcher }) {
  const url = new URL(request.url);
  const type = TYPES[/\.(\w+)$/.exec(url.pathname)?.[1] ?? ''];
  const wanted = accepted(request.headers.get('accept-encoding'));
  if (type && url.pathname.startsWith('/assets/') && request.method === 'GET') {
    for (const [encoding, suffix] of ENCODINGS) {
      if (!wanted.has(encoding)) continue;
      const file = await env.ASSETS.fetch(new URL(url.pathname + suffix, url), {
        headers: { 'accept-encoding': 'identity' },
      });
      if (file.status !== 200) continue;
      const headers = new Headers(file.headers);
      headers.set('content-type', type);
      headers.set('content-encoding', encoding);
      headers.set('vary', 'Accept-Encoding');
      headers.set('cache-control', 'public, max-age=31536000, immutable');
      headers.delete('content-length');
      headers.delete('etag');
      return new Response(file.body, { status: 200, headers, encodeBody: 'manual' });
    }
  }
  return env.ASSETS.fetch(request);
}
