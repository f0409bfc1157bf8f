import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { requireRole } from '../http/middleware';
import { peekLimit, tooMany } from '../http/limits';
import { idParam } from '../http/params';
import { pageQuery } from '../http/paging';
import { optionalText, requiredText } from '../http/text';
import { findTransfer, listTransfers } from './list';
import { createScheduledRoutes } from './scheduled-routes';
import { createTransfer } from './service';
import { compactIban, isValidIban } from './payee';
import { LABEL_MAX_CHARS, MAX_AMOUNT_CENTS, PAYEE_NAME_MAX_CHARS } from './limits';
import { requireIdempotencyKey } from '../http/idempotency-key';
import { TRANSFER_REFUSALS } from './validators';
import {
  addBeneficiary,
  deleteBeneficiary,
  listBeneficiaries,
  needsSca,
  verifyPayee,
} from './beneficiaries';
import { requireSca } from '../auth/sca-guard';

const iban = z
  .string({ error: 'IBAN requis.' })
  .max(64, 'IBAN invalide.')
  .refine((v) => isValidIban(compactIban(v)), 'IBAN invalide.');
// The text rules of names and messages (src/http/text.ts): no control, bidi or invisible-only text.
const name = requiredText('Nom', PAYEE_NAME_MAX_CHARS);

export const transferSchema = z.object({
  fromAccountId: z
    .number({ error: 'Compte à débiter requis.' })
    .int('Compte à débiter requis.')
    .positive('Compte à débiter requis.')
    .max(Number.MAX_SAFE_INTEGER),
  toIban: iban,
  amountCents: z
    .number({ error: 'Montant requis (en centimes).' })
    .int('Montant en centimes entiers.')
    .min(1, 'Au moins 0,01 €.')
    .max(MAX_AMOUNT_CENTS, 'Au plus 100 000,00 €.'),
  label: optionalText('Libellé', LABEL_MAX_CHARS).optional().default(''),
  beneficiaryName: name,
});

const VOP_LIMIT = 30;
const HOUR = 3_600_000;

/** /api/transfers (Idempotency-Key required), for clients only. */
export const transferRoutes = new Hono<AppEnv>()
  .use(requireRole('client'))
  .route('/scheduled', createScheduledRoutes(transferSchema))
  .get('/', validate('query', pageQuery), (c) =>
    c.json(listTransfers(c.var.platform.db, c.var.user.id, c.req.valid('query'))),
  )
  .get('/:id', validate('param', idParam), (c) => {
    const transfer = findTransfer(c.var.platform.db, c.var.user.id, c.req.valid('param').id);
    return transfer ? c.json({ transfer }) : fail(c, 404, 'not_found');
  })
  .post('/', requireIdempotencyKey, validate('json', transferSchema), async (c) => {
    const p = c.var.platform;
    // Too many tries at AVENIR IBANs that name no account: every transfer waits, whatever the IBAN.
    const gate = peekLimit(p, 'unknownIbanTransfers', c.var.user.id);
    if (!gate.ok) return tooMany(c, gate.retryAfterMs);
    const input = c.req.valid('json');
    const key = c.req.header('idempotency-key')!;
    // `sca` is not part of the body compared for idempotency; a refusal stores nothing.
    const { sca, ...body } = (await c.req.json()) as Record<string, unknown>;
    if (needsSca(p, c.var.user.id, input.toIban, key)) {
      const { fromAccountId, toIban, amountCents } = input;
      const refused = await requireSca(c, 'transfer', { fromAccountId, toIban, amountCents }, sca);
      if (refused) return refused;
    }
    const result = await createTransfer(p, c.var.user, key, body, input);
    if (!result.ok) return fail(c, ...TRANSFER_REFUSALS[result.reason]);
    return c.json({ transfer: result.transfer }, 201);
  });

/** /api/payees/verify: verification of payee, 30 an hour per user. */
export const payeeRoutes = new Hono<AppEnv>()
  .use(requireRole('client'))
  .post('/verify', validate('json', z.object({ iban, name })), async (c) => {
    const p = c.var.platform;
    const hit = p.limiter.hit(`vop:${c.var.user.id}`, VOP_LIMIT, HOUR);
    if (!hit.ok) {
      c.header('Retry-After', String(Math.max(1, Math.ceil(hit.retryAfterMs / 1000))));
      return fail(c, 429, 'rate_limited');
    }
    const { iban: typed, name: given } = c.req.valid('json');
    return c.json(verifyPayee(p, typed, given));
  });

/** /api/beneficiaries: saved payees; adding one needs strong authentication. */
export const beneficiaryRoutes = new Hono<AppEnv>()
  .use(requireRole('client'))
  .get('/', (c) => c.json({ items: listBeneficiaries(c.var.platform, c.var.user.id) }))
  .post('/', validate('json', z.object({ name, iban, sca: z.unknown().optional() })), async (c) => {
    const p = c.var.platform;
    const body = c.req.valid('json');
    // The old step-up `password` alone no longer authorises anything: sca_required.
    const refused = await requireSca(
      c,
      'beneficiary.add',
      { name: body.name, iban: body.iban },
      body.sca,
    );
    if (refused) return refused;
    return c.json({ beneficiary: addBeneficiary(p, c.var.user.id, body.name, body.iban) }, 201);
  })
  .delete('/:id', validate('param', idParam), (c) =>
    deleteBeneficiary(c.var.platform, c.var.user.id, c.req.valid('param').id)
      ? c.body(null, 204)
      : fail(c, 404, 'not_found'),
  );
