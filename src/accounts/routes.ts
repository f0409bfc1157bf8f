import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { requireRole, requireUser } from '../http/middleware';
import { publish } from '../realtime/publish';
import { toAccountView } from '../ledger/views';
import { parisMonth } from '../ledger/paris-time';
import { closeAccount, findOwnAccount, listAccounts, openAccount, renameAccount } from './service';
import { balanceBefore, listOperations, operationsBetween } from './history';
import { sendOperationsCsv } from './csv';
import { historyQuery, rangeQuery } from './queries';
import { accountUses } from '../bank-rules';
import { ACCOUNT_LABEL_MAX_CHARS } from './limits';

const label = z
  .string({ error: 'Libellé requis.' })
  .trim()
  .min(1, 'Libellé requis.')
  .max(ACCOUNT_LABEL_MAX_CHARS, `Libellé : au plus ${ACCOUNT_LABEL_MAX_CHARS} caractères.`);
const CLOSE_REFUSALS: Record<string, string> = {
  account_not_empty:
    'Le compte doit être vide (solde et réservations à 0) pour être clôturé ; un livret reçoit d’abord ses intérêts jusqu’à la veille.',
  last_checking_account: 'Vous devez garder au moins un compte courant ouvert.',
};
const openSchema = z.object({
  type: z.enum(['checking', 'savings'], { error: 'Type : checking ou savings.' }),
  label,
});

/** The account in the path when it is the caller's own (else null: 404 everywhere). */
const idOf = (raw: string) => (/^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : 0);

/** /api/accounts: a client's own accounts, their history, CSV and monthly statements. */
export const accountRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', async (c) => c.json({ items: await listAccounts(c.var.platform.db, c.var.user.id) }))
  .post('/', requireRole('client'), validate('json', openSchema), async (c) => {
    const p = c.var.platform;
    const result = openAccount(p.db, c.var.user.id, c.req.valid('json'), p.clock.now());
    if (!result.ok) return fail(c, 409, 'account_limit', 'Vous avez déjà 10 comptes ouverts.');
    publish(p, result);
    return c.json({ account: result.account }, 201);
  })
  .patch('/:id', validate('json', z.object({ label })), async (c) => {
    const p = c.var.platform;
    const id = idOf(c.req.param('id'));
    const result = renameAccount(p.db, c.var.user.id, id, c.req.valid('json').label, p.clock.now());
    if (!result) return fail(c, 404, 'not_found');
    publish(p, result);
    return c.json({ account: result.account });
  })
  .delete('/:id', async (c) => {
    const p = c.var.platform;
    const id = idOf(c.req.param('id'));
    const result = closeAccount(p.db, c.var.user.id, id, p.clock.now(), accountUses);
    publish(p, result);
    if (result.ok) return c.body(null, 204);
    if (result.reason === 'not_found') return fail(c, 404, 'not_found');
    return fail(c, 409, result.reason, result.message ?? CLOSE_REFUSALS[result.reason]);
  })
  .get('/:id/operations', validate('query', historyQuery), async (c) => {
    const db = c.var.platform.db;
    const a = findOwnAccount(db, c.var.user.id, idOf(c.req.param('id')));
    if (!a) return fail(c, 404, 'not_found');
    return c.json(listOperations(db, a.id, c.req.valid('query')));
  })
  .get('/:id/operations.csv', validate('query', rangeQuery), async (c) => {
    const db = c.var.platform.db;
    const a = findOwnAccount(db, c.var.user.id, idOf(c.req.param('id')));
    if (!a) return fail(c, 404, 'not_found');
    return sendOperationsCsv(c, db, a, c.req.valid('query'), c.var.platform.clock.now());
  })
  .get('/:id/statements/:month', async (c) => {
    const db = c.var.platform.db;
    const a = findOwnAccount(db, c.var.user.id, idOf(c.req.param('id')));
    if (!a) return fail(c, 404, 'not_found');
    const month = c.req.param('month');
    const range = parisMonth(month);
    if (!range) return fail(c, 400, 'validation_failed', undefined, { month: 'Un mois AAAA-MM.' });
    const operations = operationsBetween(db, a.id, { from: range.start, to: range.end });
    const openingBalanceCents = balanceBefore(db, a.id, range.start);
    const closingBalanceCents = operations.length
      ? operations[operations.length - 1].balanceAfterCents
      : openingBalanceCents;
    return c.json({
      account: toAccountView(a),
      month,
      openingBalanceCents,
      closingBalanceCents,
      operations,
    });
  });
