import { DurableObject } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/durable-sqlite';
import { migrate } from 'drizzle-orm/durable-sqlite/migrator';
import migrations from '../../../migrations/migrations.js';
import * as schema from '../../db/schema';
import { createApp, type App } from '../../app';
import { createMemoryHub } from '../../realtime/hub';
import type { Platform } from '../../platform';
import { prepareApp } from '../../startup';
import { configFromEnv, type WorkerEnv } from './env';
import { createAlarmScheduler, createWorkerPlatform } from './platform';
import { upgradeWebSocket } from './upgrade';

/**
 * The Bank: the system of record. The whole database lives in this one
 * Durable Object's SQLite and it runs the whole app (createApp); every
 * transaction is synchronous (transactionSync), so none interleaves with another.
 */
export class Bank extends DurableObject<WorkerEnv> {
  readonly platform: Platform;
  private readonly app: App;
  private readonly scheduler = createAlarmScheduler(this.ctx.storage);

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    const db = drizzle(ctx.storage, { schema });
    this.platform = createWorkerPlatform({
      config: configFromEnv(env),
      db,
      hub: createMemoryHub(),
      env,
      ctx,
      scheduler: this.scheduler,
    });
    this.app = createApp({ platform: () => this.platform, upgradeWebSocket });
    // No request is let in before the schema is current and the fixtures are there.
    void ctx.blockConcurrencyWhile(async () => {
      await migrate(db, migrations);
      if (await prepareApp(this.platform))
        console.log(
          `Base initialisée avec les données de démonstration (${this.platform.config.seedClients} clients).`,
        );
    });
  }

  override fetch(request: Request) {
    return this.app.fetch(request);
  }

  override alarm() {
    return this.scheduler.runDue();
  }
}
