import { createAdaptorServer } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import type { MiddlewareHandler } from 'hono';
import { createApp } from '../../app';
import type { AppConfig } from '../../config';
import type { Mailer } from '../../mail/mailer';
import type { Platform } from '../../platform';
import { seedIfNeeded, startPeriodicWork } from '../../startup';
import { openDatabase } from './db';
import { startCheckpointer } from './checkpointer';
import { startWalSync, type WrapSync } from './wal-sync';
import { discardUnreadBodies, guardUpgrades } from './http';
import { CLIENT_DIST } from './paths';
import { createNodePlatform } from './platform';
import { handleWebSocketUpgrades, upgradeWebSocket } from './websocket';

/** Serves the Vite build: hashed assets cached for a year, every other path gets index.html. */
function clientFiles(): MiddlewareHandler | undefined {
  if (!existsSync(resolve(CLIENT_DIST, 'index.html'))) return undefined;
  // precompressed: the build's .br / .gz (scripts/precompress.mjs), with Content-Encoding and Vary.
  const files = serveStatic({
    root: CLIENT_DIST,
    precompressed: true,
    onFound: (path, c) => {
      c.header(
        'Cache-Control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const index = serveStatic({
    root: CLIENT_DIST,
    path: 'index.html',
    precompressed: true,
    onFound: (_p, c) => c.header('Cache-Control', 'no-cache'),
  });
  return async (c, next) => {
    if (c.req.path.startsWith('/dev/')) return next();
    const res = await files(c, async () => {});
    return res ?? index(c, next);
  };
}

/** How long a socket told « going away » has to answer the close before it is cut. */
const GOING_AWAY_GRACE_MS = 2000;

export type RunningServer = {
  url: string;
  port: number;
  platform: Platform;
  server: Server;
  /** Settles once the start's catch-ups ran and the periodic tasks are scheduled (tests wait for it). */
  periodicWork: Promise<void>;
  /** How many WAL syncs ran so far (how well acknowledged writes shared them). */
  syncs(): number;
  close(): Promise<void>;
};

/** Builds the Node platform, migrates and seeds the database, and listens. */
export async function startServer(
  config: AppConfig,
  opts: { log?: boolean; mailer?: Mailer; wrapSync?: WrapSync } = {},
): Promise<RunningServer> {
  const inMemory = config.databasePath === ':memory:';
  const { db, sqlite } = openDatabase(config.databasePath, { autoCheckpoint: inMemory });
  const checkpointer = inMemory ? null : startCheckpointer(config.databasePath);
  const walSync = startWalSync(config.databasePath, sqlite, opts);
  const { platform, stop } = createNodePlatform(config, db, {
    mailer: opts.mailer,
    durable: walSync.durable,
  });
  const seeded = await seedIfNeeded(platform);
  if (seeded && opts.log)
    console.log(
      `Base initialisée avec les données de démonstration (${config.seedClients} clients).`,
    );

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const app = createApp({ platform: () => platform, upgradeWebSocket, serveClient: clientFiles() });
  const server = createAdaptorServer({
    fetch: app.fetch,
    autoCleanupIncoming: false, // discardUnreadBodies does it without cutting uploads short
  }) as Server;
  server.keepAliveTimeout = 65_000;
  handleWebSocketUpgrades(server, wss, app.fetch);
  guardUpgrades(server);
  discardUnreadBodies(server);
  await new Promise<void>((ok, ko) => {
    server.once('error', ko);
    server.listen(config.port, config.host, () => ok());
  });
  // Catch-ups and schedules once listening: not needed for the first answer, which they would delay.
  let kickoff: NodeJS.Immediate | undefined;
  const periodicWork = new Promise<void>((done) => {
    kickoff = setImmediate(() => {
      kickoff = undefined;
      startPeriodicWork(platform)
        .catch((err) => console.error('[start]', err))
        .finally(done);
    });
  });
  const port = (server.address() as AddressInfo).port;
  if (!config.appUrlExplicit && config.port === 0) {
    config.appUrl = new URL(`http://localhost:${port}`);
  }
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    platform,
    server,
    periodicWork,
    syncs: () => walSync.syncs,
    async close() {
      // Open streams and sockets would keep server.close() waiting forever. Sockets get a
      // close frame first (1001 « going away »: the client reconnects at once instead of
      // seeing 1006); one that does not answer it soon is cut.
      const socketsClosed = [...wss.clients].map((ws) => new Promise((ok) => ws.once('close', ok)));
      for (const ws of wss.clients) ws.close(1001, 'going away');
      const cut = setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, GOING_AWAY_GRACE_MS);
      server.closeAllConnections();
      await Promise.all(socketsClosed); // their close handlers defer their last writes
      clearTimeout(cut);
      await new Promise<void>((ok) => server.close(() => ok()));
      if (kickoff) clearImmediate(kickoff);
      else await periodicWork; // it schedules tasks: done before they are stopped
      await stop(); // scheduled runs and deferred work finish before the database closes
      await walSync.stop();
      await checkpointer?.stop();
      sqlite.close();
    },
  };
}
