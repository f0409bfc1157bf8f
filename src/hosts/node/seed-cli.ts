import { loadConfig } from '../../config';
import { seedIfEmpty } from '../../../seed/fixtures';
import { openDatabase } from './db';
import { createNodePlatform } from './platform';

// `npm run seed`: migrates the database and seeds it when it has no user yet.
const config = loadConfig();
const { db, sqlite } = openDatabase(config.databasePath);
const { platform, stop } = createNodePlatform(config, db);
const started = performance.now();
const seeded = await seedIfEmpty(platform, { clients: config.seedClients });
console.log(
  seeded
    ? `Données de démonstration créées (${config.seedClients} clients) en ${Math.round(performance.now() - started)} ms : ${config.databasePath}`
    : `La base ${config.databasePath} contient déjà des comptes : rien à faire.`,
);
await stop();
sqlite.close();
