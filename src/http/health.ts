import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { version } from '../../package.json';
import type { AppEnv } from './env';
import { UNAVAILABLE_RETRY_AFTER_S } from '../db/unavailable';

/** Which build answers (the package's version): a client or a probe can tell a new deployment. */
export const BUILD = version;

/**
 * GET /api/health: 200 `{status: "ok", build}` only once a read of the database
 * succeeded, else 503 `{status: "unavailable"}` (API.md « Other »). The client's
 * reconnect probe (client/state/reconnect.ts) waits for it, so a server that
 * listens but cannot read its data is not « back ».
 */
export const healthRoutes = new Hono<AppEnv>().get('/', (c) => {
  c.header('Cache-Control', 'no-store');
  try {
    c.var.platform.db.get(sql`select id from users limit 1`);
  } catch (err) {
    console.error('[health]', (err as Error).message);
    c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
    return c.json({ status: 'unavailable' }, 503);
  }
  return c.json({ status: 'ok', build: BUILD });
});
