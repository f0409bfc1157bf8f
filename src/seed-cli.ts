import { loadConfig } from './config';
import { openDatabase } from './hosts/node/db';
import { createScryptHasher } from './auth/password';
import { createDevMailbox } from './mail/mailer';
import { createMemoryHub } from './realtime/hub';
import { createMemoryLimiter } from './http/rate-limiter';
import { systemClock, type Platform } from './platform';
import { seedIfEmpty } from '../seed/fixtures';

// `npm run seed`: migrates the database and seeds it when it has no user yet.
const config = loadConfig();
const { db, sqlite } = openDatabase(config.databasePath);
const platform: Platform = {
  config,
  db,
  hub: createMemoryHub(),
  mailer: createDevMailbox(db),
  hasher: createScryptHasher(),
  clock: systemClock,
  limiter: createMemoryLimiter(),
  defer: () => {},
  clientAddress: () => '',
  schedule: () => () => {},
};
const started = performance.now();
const seeded = await seedIfEmpty(platform, { clients: config.seedClients });
console.log(
  seeded
    ? `Données de démonstration créées (${config.seedClients} clients) en ${Math.round(performance.now() - started)} ms : ${config.databasePath}`
    : `La base ${config.databasePath} contient déjà des comptes : rien à faire.`,
);
sqlite.close();
