// `npm run build` (and `prepare`, at `npm install`/`npm ci`): the client (Vite) and the server
// (esbuild), each only when stale. `npm start` runs it in a child process when needed, so the
// serving process never loads the build tooling.
import { buildClientIfStale } from './client-build.mjs';
import { buildServerIfStale } from './server-build.mjs';

await buildClientIfStale();
await buildServerIfStale();
