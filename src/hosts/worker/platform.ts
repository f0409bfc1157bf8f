import type { AppConfig } from '../../config';
import type { Db } from '../../db/client';
import type { Hub } from '../../realtime/hub';
import { systemClock, type Platform } from '../../platform';
import { createDevMailbox } from '../../mail/mailer';
import { createSmtpMailer } from '../../mail/smtp';
import { createMemoryLimiter } from '../../http/rate-limiter';
import { remoteHasher } from './hashing';
import { createFetchPushSender } from './push';
import type { WorkerEnv } from './env';

type Task = { everyMs: number; run: () => Promise<unknown>; dueAt: number };

/**
 * Periodic work on one Durable Object alarm (a DO has one): each task keeps its
 * own due time and the alarm is set to the earliest. After an eviction the
 * alarm wakes the object, whose start-up registers the tasks again.
 */
export function createAlarmScheduler(storage: DurableObjectStorage) {
  const tasks: Task[] = [];
  const arm = () => {
    if (tasks.length) void storage.setAlarm(Math.min(...tasks.map((t) => t.dueAt)));
  };
  return {
    schedule(everyMs: number, run: () => Promise<unknown>) {
      tasks.push({ everyMs, run, dueAt: Date.now() + everyMs });
      arm();
    },
    /** The alarm handler: runs what is due, then sets the next alarm. */
    async runDue() {
      const now = Date.now();
      for (const t of tasks.filter((t) => t.dueAt <= now)) {
        t.dueAt = now + t.everyMs;
        await t.run().catch((err) => console.error('[schedule]', err));
      }
      arm();
    },
  };
}

/** The Bank's platform: DO SQLite, the hub it is given, SMTP or the dev mailbox, hashing and push elsewhere. */
export function createWorkerPlatform(opts: {
  config: AppConfig;
  db: Db;
  hub: Hub;
  env: WorkerEnv;
  ctx: DurableObjectState;
  scheduler: ReturnType<typeof createAlarmScheduler>;
}): Platform {
  const { config, db, env, ctx } = opts;
  return {
    config,
    db,
    hub: opts.hub,
    mailer: config.smtpUrl
      ? createSmtpMailer(config.smtpUrl, config.mailFrom)
      : createDevMailbox(db),
    hasher: remoteHasher(env.HASHER),
    clock: systemClock,
    limiter: createMemoryLimiter(),
    push: createFetchPushSender(),
    defer: (task) => ctx.waitUntil(task.catch((err) => console.error('[deferred]', err))),
    schedule: opts.scheduler.schedule,
  };
}
