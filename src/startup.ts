import type { Platform } from './platform';
import { seedIfEmpty } from '../seed/fixtures';
import { ensureVapidKeys } from './push/vapid';
import { pruneOldEvents } from './feed/event-log';
import { startMailOutbox } from './mail/outbox';
import { startSavingsAccrual } from './savings/service';
import { pruneIdempotencyKeys } from './ledger';
import { startMarket } from './market/service';
import { startScheduledTransfers } from './transfers/scheduled-runner';
import { startUnansweredAlerts } from './staff/alerts';
import { startDocumentIssuing } from './documents/schedule';
import { startChatMailReminders } from './notifications/chat-mail';

const HOUR = 3_600_000;

/** Seeds an empty database (SEED=auto) before serving, so that the first request finds the fixtures. */
export async function seedIfNeeded(p: Platform): Promise<boolean> {
  return p.config.seed && (await seedIfEmpty(p, { clients: p.config.seedClients }));
}

/**
 * The periodic work, caught up then scheduled: savings accrual of missed days,
 * the VAPID keys (generated and stored on first start unless given in the
 * environment; a request needing them first generates them itself), pruning of
 * events older than EVENT_RETENTION_DAYS (a stream resuming from before them
 * gets `reset`) and idempotency keys older than 30 days, mails a previous run left queued. None of it is needed for a
 * first answer: the Node host runs it right after `listen`.
 */
export async function startPeriodicWork(p: Platform): Promise<void> {
  await startSavingsAccrual(p); // catch-up of missed days, then after each Paris midnight
  await startMarket(p); // auctions that ended while stopped, then every second
  await startScheduledTransfers(p); // occurrences missed while down, then every minute
  await ensureVapidKeys(p);
  await pruneOldEvents(p);
  p.schedule('prune-events', HOUR, () => pruneOldEvents(p));
  const pruneKeys = async () => pruneIdempotencyKeys(p.db, p.clock.now());
  await pruneKeys();
  p.schedule('prune-idempotency-keys', HOUR, pruneKeys);
  startMailOutbox(p);
  await startUnansweredAlerts(p); // caught up at start, then every minute
  await startDocumentIssuing(p); // statements of the months ended, a batch per tick
  startChatMailReminders(p);
}

/** Both, in order (the Worker host, under blockConcurrencyWhile). Resolves with whether it seeded. */
export async function prepareApp(p: Platform): Promise<boolean> {
  const seeded = await seedIfNeeded(p);
  await startPeriodicWork(p);
  return seeded;
}
