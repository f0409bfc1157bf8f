// `npm start`: rebuild what is stale (client, server) in a child process that exits first, then
// run the compiled server in this process. Nothing of the build tooling (Vite, esbuild, tsx) is
// loaded here, and the server is not a second Node process under this one.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { clientBuildIsStale } from './client-build.mjs';
import { serverBuildIsStale } from './server-build.mjs';

if (clientBuildIsStale() || serverBuildIsStale()) {
  const build = fileURLToPath(new URL('build.mjs', import.meta.url));
  const { status } = spawnSync(process.execPath, [build], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
// The reviewer's command runs the demo: development (dev mailbox, /dev/clock, /dev/deposit, for
// clients on this machine only) unless NODE_ENV says otherwise. The compiled server alone
// (dist/server/entry.js) defaults to production (API.md « Other »).
// Set after the build: Vite would build a development bundle under it.
if (!process.env.NODE_ENV) {
  process.env.NODE_ENV = 'development';
  console.log(
    'NODE_ENV non défini : mode développement (routes /dev/* pour cette machine seulement).\n' +
      'En production : NODE_ENV=production npm start',
  );
}

// npm forwards no signal: `kill <npm's pid>` ends npm and the shell, and this process is
// re-parented. Stop then, as on Ctrl-C, so that npm's exit stays the server's exit.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && process.kill(process.pid, 'SIGTERM'), 1000).unref();
await import('../dist/server/entry.js');
