import { DurableObject } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/durable-sqlite';
import { migrate } from 'drizzle-orm/durable-sqlite/migrator';
import migrations from '../../../migrations/migrations.js';
import { schema } from '../../db/client';
import { createApp, type App } from '../../app';
import type { Platform } from '../../platform';
import { prepareApp } from '../../startup';
import { createStoredClock } from '../../clock/stored-clock';
import {
  configFromEnv,
  gatewayOf,
  shardCount,
  isWebSocketUpgrade,
  withoutInternalHeaders,
  type WorkerEnv,
} from './env';
import { createAlarmScheduler, createWorkerPlatform } from './platform';
import { createPresence, createShardedHub } from './hub';
import { createSocketBridge, type SocketAttachment } from './sockets';
import { createGatewayUpgrade } from './upgrade';
import { createStreamLog, type StreamLog } from '../../feed/event-stream';

/**
 * The Bank: the system of record. The whole database lives in this one
 * Durable Object's SQLite and it runs the whole app (createApp); every
 * transaction is synchronous (transactionSync), so none interleaves with
 * another. Chat sockets live in the Gateways, which call the methods below.
 */
export class Bank extends DurableObject<WorkerEnv> {
  readonly platform: Platform;
  private readonly app: App;
  private readonly scheduler = createAlarmScheduler(this.ctx.storage);
  private readonly presence = createPresence();
  private readonly sockets: ReturnType<typeof createSocketBridge>;
  private readonly log: StreamLog;

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    const db = drizzle(ctx.storage, { schema });
    const shards = shardCount(env);
    // One stub per shard, kept: calls through one stub arrive in order, so batches do too.
    const gateways = Array.from({ length: shards }, (_, s) => gatewayOf(env, s));
    const hub = createShardedHub({
      shards,
      presence: this.presence,
      send: (shard, batch) => gateways[shard].deliver(batch),
      defer: (task) => this.platform.defer(task),
    });
    this.platform = createWorkerPlatform({
      config: configFromEnv(env),
      db,
      hub,
      env,
      ctx,
      scheduler: this.scheduler,
    });
    this.sockets = createSocketBridge(this.platform, this.presence);
    this.log = createStreamLog(this.platform);
    this.app = createApp({
      platform: () => this.platform,
      upgradeWebSocket: createGatewayUpgrade(env),
    });
    // No request is let in before the schema is current, the fixtures are there and
    // presence is known again (the Gateways kept their sockets if this object restarted).
    void ctx.blockConcurrencyWhile(async () => {
      await migrate(db, migrations);
      this.platform.clock = createStoredClock(db); // its offset lives in `settings`
      if (await prepareApp(this.platform))
        console.log(
          `Base initialisée avec les données de démonstration (${this.platform.config.seedClients} clients).`,
        );
      const counts = await Promise.all(gateways.map((g) => g.onlineCounts()));
      this.presence.reset(Object.assign({}, ...counts));
    });
  }

  override async fetch(request: Request) {
    request = withoutInternalHeaders(request); // the front Worker did; a second wall costs nothing
    // Read the body before anything answers: workerd drops the answer of a Durable Object that
    // replies (a 429, a 401…) while its request body is still unread ("restarted mid-request").
    if (request.body && !request.bodyUsed && !isWebSocketUpgrade(request))
      request = new Request(request, { body: await request.arrayBuffer() });
    return this.app.fetch(request);
  }

  override alarm() {
    return this.scheduler.runDue();
  }

  socketOpened(att: SocketAttachment) {
    return this.sockets.opened(att);
  }
  socketFrame(att: SocketAttachment, data: string) {
    return this.sockets.frame(att, data);
  }
  socketClosed(att: SocketAttachment) {
    return this.sockets.closed(att);
  }
  liveSessions(ids: string[]) {
    return this.sockets.liveSessions(ids);
  }

  // The Gateways' event streams read the log here (src/feed/event-stream.ts's StreamLog).
  latestIssuedId() {
    return this.log.latestIssuedId();
  }
  planResume(lastId: number) {
    return this.log.planResume(lastId);
  }
  readEventsAfter(userId: number, afterId: number, limit: number) {
    return this.log.readEventsAfter(userId, afterId, limit);
  }
  liveSessionExpiry(sessionId: string) {
    return this.log.liveSessionExpiry(sessionId);
  }
}
