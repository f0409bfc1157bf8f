import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { findOwnAccount, listAccounts } from '../accounts/service';
import { listOperations } from '../accounts/history';
import { sendOperationsCsv } from '../accounts/csv';
import { historyQuery, rangeQuery } from '../accounts/queries';
import { findClientProfile } from '../users/profile';
import { idOf, visibleClient } from './guard';

/**
 * Read-only money views for staff: /api/clients/:id/accounts[/:accountId/operations[.csv]].
 * The client's advisor or the director; anyone else (clients included) → 404.
 * Exported: the staff view of a client's documents uses it too.
 */
/** The client's advisor or the director (401 signed out; 404 to anyone else). */
export const staffClientGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.user) return fail(c, 401, 'unauthenticated');
  return visibleClient(c) ? next() : fail(c, 404, 'not_found');
});

export const staffMoneyRoutes = new Hono<AppEnv>()
  .use('/:id/accounts', staffClientGuard)
  .use('/:id/accounts/*', staffClientGuard)
  .use('/:id/profile', staffClientGuard)
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
  })
  /** Addition to API.md: the client's CSV, the same format as theirs. */
  .get('/:id/accounts/:accountId/operations.csv', validate('query', rangeQuery), async (c) => {
    const db = c.var.platform.db;
    const a = findOwnAccount(db, idOf(c.req.param('id')), idOf(c.req.param('accountId')));
    if (!a) return fail(c, 404, 'not_found');
    return sendOperationsCsv(c, db, a, c.req.valid('query'), c.var.platform.clock.now());
  });
