import type { AppConfig } from '../../config';
import type { Db } from '../../db/client';
import type { Platform } from '../../platform';
import { createMemoryHub } from '../../realtime/hub';
import { createDevMailbox, type Mailer } from '../../mail/mailer';
import { createSmtpMailer } from '../../mail/smtp';
import { createScryptHasher } from '../../auth/password';
import { availableParallelism } from 'node:os';
import { createHashGate, HASHES_IN_ALL, HASHES_PER_ADDRESS } from '../../auth/hash-gate';
import { createStoredClock } from '../../clock/stored-clock';
import { createMemoryLimiter } from '../../http/rate-limiter';
import { createWebPushSender } from '../../push/web-push-sender';
import { openNodeEventStream } from './event-stream';
import { createClientAddress } from './http';
import { createTimerScheduler } from './schedule';

/**
 * The Node host's Platform, built here only (the server and `npm run seed`):
 * better-sqlite3, the in-process hub, SMTP or the dev mailbox, scrypt on
 * libuv's pool, web-push, timers, WAL syncs on their own thread. `stop` waits for scheduled and deferred work.
 */
export function createNodePlatform(
  config: AppConfig,
  db: Db,
  opts: { mailer?: Mailer; durable: Platform['durable'] },
) {
  const pending = new Set<Promise<unknown>>();
  const scheduler = createTimerScheduler();
  const platform: Platform = {
    config,
    db,
    hub: createMemoryHub(),
    mailer:
      opts.mailer ??
      (config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : createDevMailbox(db)),
    hasher: createScryptHasher(),
    // One hash per core at a time (read each time: a server pinned to fewer cores runs fewer).
    hashGate: createHashGate(HASHES_PER_ADDRESS, HASHES_IN_ALL, availableParallelism),
    clock: createStoredClock(db),
    limiter: createMemoryLimiter(),
    push: createWebPushSender(),
    openEventStream: openNodeEventStream,
    defer(task) {
      const t = task
        .catch((err) => console.error('[deferred]', err))
        .finally(() => pending.delete(t));
      pending.add(t);
    },
    clientAddress: createClientAddress(config),
    schedule: scheduler.schedule,
    durable: opts.durable, // ./wal-sync.ts
  };
  return {
    platform,
    async stop() {
      await scheduler.stopAll();
      await Promise.allSettled([...pending]);
    },
  };
}
