import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { and, eq } from 'drizzle-orm';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { users } from '../db/schema';
import { findOwnAccount, listAccounts } from '../accounts/service';
import { listOperations } from '../accounts/history';
import { historyQuery } from '../accounts/queries';
import { findClientProfile } from '../users/profile';

const idOf = (raw: string) => (/^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : 0);

/**
 * Read-only money views for staff: /api/clients/:id/accounts[/:accountId/operations].
 * The client's advisor or the director; anyone else (clients included) → 404.
 */
const guard = createMiddleware<AppEnv>(async (c, next) => {
  const staff = c.var.user;
  const client = c.var.platform.db
    .select()
    .from(users)
    .where(and(eq(users.id, idOf(c.req.param('id') ?? '')), eq(users.role, 'client')))
    .get();
  const allowed =
    staff &&
    client &&
    (staff.role === 'director' || (staff.role === 'advisor' && client.advisorId === staff.id));
  if (!staff) return fail(c, 401, 'unauthenticated');
  return allowed ? next() : fail(c, 404, 'not_found');
});

export const staffMoneyRoutes = new Hono<AppEnv>()
  .use('/:id/accounts', guard)
  .use('/:id/accounts/*', guard)
  .use('/:id/profile', guard)
  // The identity the client gave at sign-up, for their client file (null: none given).
  .get('/:id/profile', (c) =>
    c.json({ profile: findClientProfile(c.var.platform.db, idOf(c.req.param('id'))) }),
  )
  .get('/:id/accounts', async (c) =>
    c.json({ items: await listAccounts(c.var.platform.db, idOf(c.req.param('id'))) }),
  )
  .get('/:id/accounts/:accountId/operations', validate('query', historyQuery), async (c) => {
    const db = c.var.platform.db;
    const a = findOwnAccount(db, idOf(c.req.param('id')), idOf(c.req.param('accountId')));
    if (!a) return fail(c, 404, 'not_found');
    return c.json(listOperations(db, a.id, c.req.valid('query')));
  });
