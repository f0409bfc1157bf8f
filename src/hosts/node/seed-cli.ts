import { loadConfig } from '../../config';
import { seedIfEmpty } from '../../../seed/fixtures';
import { openDatabase } from './db';
import { createNodePlatform } from './platform';
import { startWalSync } from './wal-sync';

// `npm run seed`: migrates the database and seeds it when it has no user yet.
const config = loadConfig();
const { db, sqlite } = openDatabase(config.databasePath);
const walSync = startWalSync(config.databasePath, sqlite);
const { platform, stop } = createNodePlatform(config, db, { durable: walSync.durable });
const started = performance.now();
const seeded = await seedIfEmpty(platform, { clients: config.seedClients });
console.log(
  seeded
    ? `Données de démonstration créées (${config.seedClients} clients) en ${Math.round(performance.now() - started)} ms : ${config.databasePath}`
    : `La base ${config.databasePath} contient déjà des comptes : rien à faire.`,
);
await stop();
await walSync.durable(); // closing checkpoints too; this says "created" only once it is on disk
await walSync.stop();
sqlite.close();
