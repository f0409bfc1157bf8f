import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The durability rule for HTTP: the answer to a mutating request is sent only
 * once what it committed is on disk (`platform.durable()`, one sync shared by
 * every write before it). A failed sync throws a storage-unavailable error, which
 * onError turns into 503 `unavailable`: the client is never told "done" for a
 * write that may be lost. A request that wrote nothing costs no sync.
 */
export const awaitDurable: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (!READS.has(c.req.method)) await c.var.platform.durable();
};
