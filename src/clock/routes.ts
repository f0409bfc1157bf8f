import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { accrueDueInterest } from '../savings/service';
import { runDueScheduledTransfers } from '../transfers/scheduled-runner';
import { issueDueDocuments } from '../documents/schedule';
import { sendChatMailReminders } from '../notifications/chat-mail';
import { addParisDays } from '../ledger/paris-time';

const advanceSchema = z.strictObject({
  advanceDays: z
    .number({ error: 'Nombre de jours attendu (1 à 400).' })
    .int('Nombre de jours entier attendu.')
    .min(1, 'De 1 à 400 jours.')
    .max(400, 'De 1 à 400 jours.'),
});

/** Outside production: read and move the app's clock; what falls due (accrual) runs before the answer. */
export const devClockRoutes = new Hono<AppEnv>()
  .use(async (c, next) =>
    c.var.platform.config.env === 'production' || !c.var.platform.clock.advance
      ? fail(c, 404, 'not_found')
      : next(),
  )
  .get('/', (c) => c.json({ now: c.var.platform.clock.now().toISOString() }))
  .post('/', validate('json', advanceSchema), async (c) => {
    const p = c.var.platform;
    // Calendar days in Paris: 23:30 stays 23:30 across a clock change, so N days end N Paris days.
    const now = p.clock.now();
    p.clock.advance!(addParisDays(now, c.req.valid('json').advanceDays).getTime() - now.getTime());
    const accruedDays = await accrueDueInterest(p);
    const scheduledRuns = await runDueScheduledTransfers(p);
    await issueDueDocuments(p, 1000); // statements of the months that ended
    await sendChatMailReminders(p);
    return c.json({ now: p.clock.now().toISOString(), accruedDays, scheduledRuns });
  });
