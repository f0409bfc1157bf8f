// `npm run start:worker`: the Worker host under `wrangler dev` (workerd, offline), configured by
// the same environment as `npm start`. DATABASE_PATH names where its local state lives
// (<DATABASE_PATH>.workerd/). wrangler runs in this process group: a signal to the group stops all.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = resolve(fileURLToPath(import.meta.url), '../..');
register();
const { loadConfig, configSchema } = await import('../src/config.ts');
await import('./worker-build.mjs'); // client, _headers, migrations.js

// Local, like `npm start`: development unless NODE_ENV says otherwise (set after the client build,
// which it would turn into a development bundle). wrangler.toml's vars (deploy:worker) say production.
if (!process.env.NODE_ENV) {
  process.env.NODE_ENV = 'development';
  console.log(
    'NODE_ENV non défini : mode développement (routes /dev/* pour cette machine seulement).',
  );
}

let config;
try {
  config = loadConfig();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}

/** A free port when PORT=0 (wrangler needs a number up front). */
function freePort(host) {
  return new Promise((ok, ko) => {
    const s = createServer().once('error', ko);
    s.listen(0, host, () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

const port = config.port || (await freePort(config.host));
const state =
  config.databasePath === ':memory:'
    ? mkdtempSync(join(tmpdir(), 'avenir-worker-'))
    : resolve(config.databasePath + '.workerd');
mkdirSync(state, { recursive: true });

// The app's variables (the names config.ts knows), as wrangler's env file; PORT as chosen.
const vars = { ...process.env, PORT: String(port) };
const quote = (v) => (v.includes("'") ? JSON.stringify(v) : `'${v}'`);
const envFile = join(state, 'vars.env');
writeFileSync(
  envFile,
  Object.keys(configSchema.shape)
    .filter((k) => vars[k] !== undefined && vars[k] !== '')
    .map((k) => `${k}=${quote(vars[k])}\n`)
    .join(''),
);
chmodSync(envFile, 0o600);

const host = config.host.includes(':') ? `[${config.host}]` : config.host;
const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
const child = spawn(
  process.execPath,
  [
    join(root, 'node_modules/wrangler/bin/wrangler.js'),
    'dev',
    '--local',
    '--ip',
    config.host,
    '--port',
    String(port),
    '--inspector-port',
    String(await freePort('127.0.0.1')),
    '--persist-to',
    state,
    '--env-file',
    envFile,
    '--show-interactive-dev-session=false',
    '--log-level',
    process.env.WRANGLER_LOG_LEVEL ?? 'warn',
  ],
  {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));

// The first request builds the Bank (migrations, fixtures): wait for it, then say where to go.
for (let i = 0; ; i++) {
  try {
    const res = await fetch(`${url}/api/health`);
    if (res.ok) break;
  } catch {}
  if (i > 1200) {
    console.error(`Le Worker ne répond pas sur ${url}.`);
    child.kill('SIGTERM');
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 100));
}
const shown = config.appUrlExplicit ? config.appUrl.origin : url;
console.log(`
AVENIR (Worker, wrangler dev) est prêt : ${shown}
${config.devMailbox ? `Boîte mail de développement : ${shown}/dev/mailbox\n` : ''}État local : ${state}
`);
