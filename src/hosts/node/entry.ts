import { loadConfig } from '../../config';
import { startServer } from './server';
import { FIXTURE_PASSWORD } from '../../../seed/fixtures';

let config;
try {
  config = loadConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

const running = await startServer(config, { log: true });
const shown = config.appUrl.port === String(running.port) ? config.appUrl.origin : running.url;
console.log(`
AVENIR est prêt : ${shown}
${config.devMailbox ? `Boîte mail de développement : ${shown}/dev/mailbox\n` : ''}
Comptes de démonstration (mot de passe : ${FIXTURE_PASSWORD})
  directeur@avenir.test      directeur
  conseiller1@avenir.test    conseiller (clients 1–3)
  conseiller2@avenir.test    conseiller (clients 4–6)
  client1@avenir.test …      clients (client1 à client${config.seedClients})
  pending@avenir.test        client, e-mail non confirmé
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log('Arrêt en cours…');
    await running.close();
    process.exit(0);
  });
}
