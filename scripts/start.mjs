// `npm start`: build the client if needed, then run the Node host (migrations, seed, serve).
import { register } from 'tsx/esm/api';
import { buildClientIfStale } from './client-build.mjs';

await buildClientIfStale();
register();
await import('../src/hosts/node/entry.ts');
