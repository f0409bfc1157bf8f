import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { loadSession, requireRole, requireUser } from '../http/middleware';
import { findOwnAccount } from '../accounts/service';
import { checkBank } from '../bank-rules';
import { MAX_AMOUNT_CENTS } from '../transfers/limits';
import { publish } from '../realtime/publish';
import { postOperation, systemAccountTx, SYSTEM } from '.';

/** /api/admin/ledger: the invariants, for the director. */
export const adminLedgerRoutes = new Hono<AppEnv>()
  .use(requireRole('director'))
  .get('/check', (c) => c.json(checkBank(c.var.platform.db, c.var.platform.clock.now())));

const depositSchema = z.object({
  accountId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  amountCents: z
    .number({ error: 'Montant requis (en centimes).' })
    .int('Montant en centimes entiers.')
    .min(1, 'Au moins 0,01 €.')
    .max(MAX_AMOUNT_CENTS, 'Au plus 100 000,00 €.'),
});

/** POST /dev/deposit: money from outside the bank for demos; never in production. */
export const devDepositRoutes = new Hono<AppEnv>()
  .use('/deposit', async (c, next) =>
    c.var.platform.config.env === 'production' ? fail(c, 404, 'not_found') : next(),
  )
  .post('/deposit', loadSession, requireUser, validate('json', depositSchema), async (c) => {
    const p = c.var.platform;
    const { accountId, amountCents } = c.req.valid('json');
    const now = p.clock.now();
    const result = p.db.transaction((tx) => {
      const account = findOwnAccount(tx, c.var.user!.id, accountId);
      if (!account) return null;
      return postOperation(
        tx,
        {
          kind: 'deposit',
          label: 'Virement entrant simulé',
          userId: c.var.user!.id,
          postings: [
            { accountId: systemAccountTx(tx, SYSTEM.external).id, amount: -amountCents },
            {
              accountId,
              amount: amountCents,
              counterparty: { name: 'Virement externe (démo)', iban: null },
            },
          ],
        },
        now,
      );
    });
    if (!result) return fail(c, 404, 'not_found');
    if (!result.ok) return fail(c, 409, 'account_closed', 'Ce compte est clôturé.');
    publish(p, result);
    const { account, operation } = result.accounts[0];
    return c.json({ account, operation }, 201);
  });
