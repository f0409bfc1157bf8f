import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { and, eq } from 'drizzle-orm';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { users } from '../db/schema';
import { findOwnAccount, listAccounts } from '../accounts/service';
import { listOperations } from '../accounts/history';
import { historyQuery } from '../accounts/queries';

const idOf = (raw: string) => (/^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : 0);

/**
 * Read-only money views for staff: /api/clients/:id/accounts[/:accountId/operations].
 * The client's advisor or the director; anyone else (clients included) → 404.
 * Exported: the staff view of a client's documents uses it too.
 */
export const staffClientGuard = createMiddleware<AppEnv>(async (c, next) => {
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
  .use('/:id/accounts', staffClientGuard)
  .use('/:id/accounts/*', staffClientGuard)
  .get('/:id/accounts', async (c) =>
    c.json({ items: await listAccounts(c.var.platform.db, idOf(c.req.param('id'))) }),
  )
  .get('/:id/accounts/:accountId/operations', validate('query', historyQuery), async (c) => {
    const db = c.var.platform.db;
    const a = findOwnAccount(db, idOf(c.req.param('id')), idOf(c.req.param('accountId')));
    if (!a) return fail(c, 404, 'not_found');
    return c.json(listOperations(db, a.id, c.req.valid('query')));
  });
