import type { Platform } from './platform';
import { seedIfEmpty } from '../seed/fixtures';
import { ensureVapidKeys } from './push/vapid';
import { pruneOldEvents } from './feed/event-log';
import { startMailOutbox } from './mail/outbox';
import { startSavingsAccrual } from './savings/service';

const HOUR = 3_600_000;

/**
 * What every host runs once its database is migrated, before serving: seed an
 * empty database, make sure the VAPID keys exist, catch up on periodic work and
 * schedule it. Resolves with whether it seeded.
 */
export async function prepareApp(p: Platform): Promise<boolean> {
  const seeded = p.config.seed && (await seedIfEmpty(p, { clients: p.config.seedClients }));
  await startSavingsAccrual(p); // catch-up of missed days, then after each Paris midnight
  await ensureVapidKeys(p); // generated and stored on first start unless given in the environment
  // Events older than EVENT_RETENTION_DAYS go; a stream resuming from before them gets `reset`.
  await pruneOldEvents(p);
  p.schedule('prune-events', HOUR, () => pruneOldEvents(p));
  startMailOutbox(p); // mails queued before a restart go out now
  return seeded;
}
