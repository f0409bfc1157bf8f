import { Hono } from 'hono';
import { MAX_BODY_BYTES } from '../../app';
import { securityHeaders } from '../../http/security-headers';
import { errorBody } from '../../http/errors';
import { bankOf, type WorkerEnv } from './env';
import { serveAsset } from './static';

/** An over-long body is read (and dropped) up to this much, so the client sees its 413. */
const DRAIN_LIMIT = 4 * 1024 * 1024;

/** The body, whole, or null past MAX_BODY_BYTES (drained up to DRAIN_LIMIT). */
async function readBody(request: Request): Promise<ArrayBuffer | null> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > DRAIN_LIMIT) break;
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
  .all('*', (c) => c.json(errorBody('payload_too_large'), 413));

/**
 * The front Worker: Workers Assets serve the client; /api/* and /dev/* come
 * here and go to the Bank with their body read first (≤ 64 KiB: a Durable
 * Object that answers before reading its request body makes workerd drop the
 * answer). WebSocket upgrades go through as they are.
 */
export async function handleFetch(request: Request, env: WorkerEnv): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (!pathname.startsWith('/api/') && !pathname.startsWith('/dev/') && env.ASSETS)
    return serveAsset(request, { ...env, ASSETS: env.ASSETS });
  const bank = bankOf(env);
  if (!request.body || request.headers.get('upgrade')) return bank.fetch(request);
  const body = await readBody(request);
  if (body === null) return local.fetch(request, env);
  return bank.fetch(new Request(request, { body }));
}
