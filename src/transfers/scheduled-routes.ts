import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { hitLimit, tooMany } from '../http/limits';
import { requireRole } from '../http/middleware';
import { idParam } from '../http/params';
import type { transferSchema } from './routes';
import { FREQUENCIES } from './schema';
import { validDay } from './occurrences';
import {
  cancelSchedule,
  createSchedule,
  findSchedule,
  listSchedules,
  updateSchedule,
  viewSchedule,
  type ScheduleRefusal,
} from './scheduled';
import { requireIdempotencyKey } from '../http/idempotency-key';
import { requireSca, scaProofSchema } from '../auth/sca-guard';
import { needsSca } from './beneficiaries';
import { TRANSFER_REFUSALS } from './validators';
import { LABEL_MAX_CHARS, MAX_AMOUNT_CENTS } from './limits';

const day = z
  .string({ error: 'Date requise (AAAA-MM-JJ).' })
  .refine((v) => validDay(v) !== null, 'Date invalide (AAAA-MM-JJ).');
const amountCents = z
  .number({ error: 'Montant requis (en centimes).' })
  .int('Montant en centimes entiers.')
  .min(1, 'Au moins 0,01 €.')
  .max(MAX_AMOUNT_CENTS, 'Au plus 100 000,00 €.');

const patchSchema = z
  .strictObject({
    amountCents: amountCents.optional(),
    label: z
      .string()
      .max(LABEL_MAX_CHARS, `Libellé : au plus ${LABEL_MAX_CHARS} caractères.`)
      .optional(),
    nextDate: day.optional(),
    endDate: day.nullable().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), {
    message: 'Rien à modifier.',
    path: ['_'],
  });

/** The contract's answer to each refusal; `dateField` names the date that must be in the future. */
function refuseSchedule(c: Context, reason: ScheduleRefusal, dateField: string) {
  switch (reason) {
    case 'first_date_not_future':
      return fail(c, 400, 'validation_failed', undefined, {
        [dateField]: 'La date doit être postérieure à aujourd’hui.',
      });
    case 'end_before_start':
      return fail(c, 400, 'validation_failed', undefined, {
        endDate: 'La date de fin précède la prochaine échéance.',
      });
    case 'schedule_inactive':
      return fail(c, 409, 'schedule_inactive', 'Ce virement programmé est terminé ou annulé.');
    default:
      return fail(c, ...TRANSFER_REFUSALS[reason]);
  }
}

/** Every change counts in one per-user limit (429 with Retry-After). */
const limitChanges = createMiddleware<AppEnv>(async (c, next) => {
  const hit = hitLimit(c.var.platform, 'scheduledTransferChanges', c.var.user!.id);
  return hit.ok ? next() : tooMany(c, hit.retryAfterMs);
});

/** /api/transfers/scheduled (mounted by the transfer routes, clients only). */
export const createScheduledRoutes = (base: typeof transferSchema) =>
  new Hono<AppEnv>()
    .use(requireRole('client'))
    .get('/', (c) => c.json({ items: listSchedules(c.var.platform.db, c.var.user.id) }))
    .post(
      '/',
      requireIdempotencyKey,
      limitChanges,
      validate(
        'json',
        base.extend({
          firstDate: day,
          frequency: z.enum(FREQUENCIES, {
            error: 'Fréquence : once, weekly, monthly, quarterly ou yearly.',
          }),
          endDate: day.nullable().optional(),
          count: z
            .number({ error: 'Nombre d’échéances entier attendu.' })
            .int('Nombre d’échéances entier attendu.')
            .min(1, 'Au moins 1 échéance.')
            .max(1000, 'Au plus 1 000 échéances.')
            .nullable()
            .optional(),
          sca: scaProofSchema,
        }),
      ),
      async (c) => {
        const p = c.var.platform;
        const input = c.req.valid('json');
        const { fromAccountId, toIban, amountCents } = input;
        const details = { fromAccountId, toIban, amountCents };
        const key = c.req.header('idempotency-key')!;
        // A new payee needs strong authentication bound to this payment (checked before the
        // dates: a refusal stores nothing, and the same key then goes through once).
        if (needsSca(p, c.var.user.id, toIban, key)) {
          const refused = await requireSca(c, 'scheduled_transfer', details, input.sca);
          if (refused) return refused;
        }
        const result = await createSchedule(p, c.var.user, key, await c.req.json(), input);
        if (!result.ok) return refuseSchedule(c, result.reason, 'firstDate');
        return c.json({ scheduled: result.scheduled }, 201);
      },
    )
    .get('/:id', validate('param', idParam), (c) => {
      const db = c.var.platform.db;
      const s = findSchedule(db, c.var.user.id, c.req.valid('param').id);
      return s ? c.json({ scheduled: viewSchedule(db, s) }) : fail(c, 404, 'not_found');
    })
    .patch('/:id', limitChanges, validate('param', idParam), validate('json', patchSchema), (c) => {
      const { id } = c.req.valid('param');
      const result = updateSchedule(c.var.platform, c.var.user.id, id, c.req.valid('json'));
      if (!result) return fail(c, 404, 'not_found');
      if (!result.ok) return refuseSchedule(c, result.reason, 'nextDate');
      return c.json({ scheduled: result.scheduled });
    })
    .delete('/:id', limitChanges, validate('param', idParam), (c) => {
      const result = cancelSchedule(c.var.platform, c.var.user.id, c.req.valid('param').id);
      if (!result) return fail(c, 404, 'not_found');
      if (!result.ok) return refuseSchedule(c, result.reason, 'nextDate');
      return c.json({ scheduled: result.scheduled });
    });
