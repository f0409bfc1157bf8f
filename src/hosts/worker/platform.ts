import type { AppConfig } from '../../config';
import type { Db } from '../../db/client';
import type { Hub } from '../../realtime/hub';
import { systemClock, type Platform } from '../../platform';
import { createHashGate } from '../../auth/hash-gate';
import { createDevMailbox } from '../../mail/mailer';
import { createSmtpMailer } from '../../mail/smtp';
import { createStoredLimiter } from '../../http/rate-limiter';
import { remoteHasher } from './hashing';
import { createFetchPushSender } from './push';
import type { WorkerEnv } from './env';
import { createStreamRelay } from './streams';

type Task = {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
  dueAt: number;
  running: boolean;
};

/**
 * Platform.schedule on one Durable Object alarm (a DO has one): each task keeps
 * its own due time and the alarm is set to the earliest; a task still running
 * is not started again. After an eviction the alarm wakes the object, whose
 * start-up registers the tasks again.
 */
export function createAlarmScheduler(storage: DurableObjectStorage) {
  const tasks = new Set<Task>();
  const arm = () => {
    if (tasks.size) void storage.setAlarm(Math.min(...[...tasks].map((t) => t.dueAt)));
  };
  return {
    schedule(name: string, everyMs: number, run: () => Promise<unknown>) {
      const task: Task = { name, everyMs, run, dueAt: Date.now() + everyMs, running: false };
      tasks.add(task);
      arm();
      return () => void tasks.delete(task);
    },
    /** The alarm handler: runs what is due, then sets the next alarm. */
    async runDue() {
      const now = Date.now();
      const due = [...tasks].filter((t) => t.dueAt <= now && !t.running);
      for (const t of due) t.dueAt = now + t.everyMs;
      arm();
      await Promise.all(
        due.map(async (t) => {
          t.running = true;
          await t.run().catch((err) => console.error(`[${t.name}]`, err));
          t.running = false;
        }),
      );
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
    hashGate: createHashGate(),
    clock: systemClock, // the Bank switches to the stored clock once migrated
    // In the Bank's SQLite: an evicted Bank comes back with its limits (Node keeps them in memory).
    limiter: createStoredLimiter(db),
    push: createFetchPushSender(),
    relayEventStream: createStreamRelay(env),
    defer: (task) => ctx.waitUntil(task.catch((err) => console.error('[deferred]', err))),
    schedule: opts.scheduler.schedule,
    // DO storage's output gates hold every answer until the writes before it are durable.
    durable: () => Promise.resolve(),
    // Cloudflare sets it on every request (the front Worker passes it on to the Bank).
    clientAddress: (c) => c.req.header('cf-connecting-ip') ?? '',
  };
}
