import { Hono } from 'hono';
import { DISCARD_LIMIT_BYTES, MAX_BODY_BYTES } from '../../app';
import { securityHeaders } from '../../http/security-headers';
import { errorBody } from '../../http/errors';
import { isLoopbackAddress } from '../../http/middleware';
import { bankOf, isWebSocketUpgrade, withoutInternalHeaders, type WorkerEnv } from './env';
import { serveAsset } from './static';

/** The body, whole, or null past MAX_BODY_BYTES (drained up to DISCARD_LIMIT_BYTES). */
async function readBody(request: Request): Promise<ArrayBuffer | null> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > DISCARD_LIMIT_BYTES) break;
    if (size <= MAX_BODY_BYTES) chunks.push(value);
  }
  if (size > MAX_BODY_BYTES || declared > MAX_BODY_BYTES) {
    await reader.cancel().catch(() => {});
    return null;
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) body.set(c, (at += c.byteLength) - c.byteLength);
  return body.buffer;
}

/** Answers the front Worker gives itself, with the app's headers and error shape. */
const local = new Hono<{ Bindings: WorkerEnv }>()
  .use(securityHeaders)
  .all('/dev/*', (c) => c.json(errorBody('not_found'), 404))
  .all('*', (c) => c.json(errorBody('payload_too_large'), 413));

/**
 * Under wrangler dev a client may send its own CF-Connecting-IP (miniflare sets it
 * only when absent), so the app's loopback check of /dev/* holds only when nobody
 * else can connect: wrangler listens on a loopback address. Deployed, NODE_ENV is
 * production and the app has no /dev/* route at all.
 */
const devReachable = (env: WorkerEnv) => {
  const host = typeof env.HOST === 'string' ? env.HOST : '127.0.0.1';
  return host === 'localhost' || isLoopbackAddress(host);
};

/**
 * The front Worker: Workers Assets serve the client; /api/* and /dev/* come
 * here and go to the Bank with their body read first (≤ 64 KiB: a Durable
 * Object that answers before reading its request body makes workerd drop the
 * answer). WebSocket upgrades go through as they are.
 */
export async function handleFetch(request: Request, env: WorkerEnv): Promise<Response> {
  const { pathname } = new URL(request.url);
  const dev = pathname.startsWith('/dev/');
  if (!pathname.startsWith('/api/') && !dev && env.ASSETS)
    return serveAsset(request, { ...env, ASSETS: env.ASSETS });
  if (dev && !devReachable(env)) return local.fetch(request, env);
  request = withoutInternalHeaders(request);
  const bank = bankOf(env);
  if (!request.body || isWebSocketUpgrade(request)) return bank.fetch(request);
  const body = await readBody(request);
  if (body === null) return local.fetch(request, env);
  return bank.fetch(new Request(request, { body }));
}
