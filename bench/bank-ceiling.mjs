/**
 * The ceiling of the Worker host's one Bank Durable Object (docs/scaling.md): closed loops of
 * C concurrent clients for D seconds each, on `npm run start:worker` (wrangler dev, workerd), and
 * the same on the Node host for comparison. Every request, frame and stream of the Worker host
 * passes through the Bank, so what it does per second bounds the whole bank.
 *
 *   node bench/bank-ceiling.mjs [--seconds=5] [--concurrency=32] [--hosts=worker,node]
 *
 * Figures: trivial requests/s (GET /api/health: one read in the Bank), session checks/s
 * (GET /api/me), chat frames/s (message.send → message.ack on 32 sockets), transfers/s
 * (internal, 1 cent, each with its Idempotency-Key). Limits are lifted (RATE_LIMIT_FACTOR) so that
 * the object, not a per-user limit, is what is measured.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { login, openSocket, request } from './lib/clients.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const SECONDS = Number(arg('seconds', 5));
const C = Number(arg('concurrency', 32));
const HOSTS = arg('hosts', 'worker,node').split(',');

const freePort = () =>
  new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

async function start(host) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `avenir-ceiling-${host}-`));
  const script = host === 'worker' ? 'scripts/start-worker.mjs' : 'scripts/start.mjs';
  const child = spawn(process.execPath, [join(ROOT, script)], {
    cwd: ROOT,
    detached: true, // its own process group: workerd stops with it
    stdio: 'ignore',
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_URL: `http://127.0.0.1:${port}`,
      DATABASE_PATH: join(dir, 'bank.db'),
      SEED_CLIENTS: String(2 * C),
      RATE_LIMIT_FACTOR: '1000',
      WRANGLER_SEND_METRICS: 'false',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    },
  });
  const base = `http://127.0.0.1:${port}`;
  for (const until = Date.now() + 180_000; Date.now() < until;) {
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { base, stop: () => process.kill(-child.pid, 'SIGTERM') };
    await new Promise((r) => setTimeout(r, 250));
  }
  process.kill(-child.pid, 'SIGKILL');
  throw new Error(`${host}: no answer on /api/health within 180 s`);
}

/** C loops calling `once(i)` for SECONDS; returns completed operations per second. */
async function closedLoop(once) {
  let done = 0;
  let failed = 0;
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: C }, async (_, i) => {
      while (Date.now() < until) (await once(i)) ? done++ : failed++;
    }),
  );
  return { perSecond: Math.round(done / SECONDS), failed };
}

async function measure(host) {
  const app = await start(host);
  try {
    const people = [];
    for (let i = 1; i <= 2 * C; i++) people.push(await login(app.base, `client${i}@avenir.test`));
    // each pays a second account of their own: a payee that needs no strong authentication
    const accounts = await Promise.all(
      people.map(async (p) => {
        const main = (await request(app.base, p, 'GET', '/api/accounts')).body.items[0];
        const body = { type: 'checking', label: 'Compte joint' };
        const second = (await request(app.base, p, 'POST', '/api/accounts', body)).body.account;
        return { ...main, second };
      }),
    );
    const ok = (res) => res.status < 300;
    const health = await closedLoop(async () =>
      ok(await request(app.base, people[0], 'GET', '/api/health')),
    );
    const me = await closedLoop(async (i) =>
      ok(await request(app.base, people[i], 'GET', '/api/me')),
    );
    let key = 0;
    const transfers = await closedLoop(async (i) =>
      ok(
        await request(
          app.base,
          people[i],
          'POST',
          '/api/transfers',
          {
            fromAccountId: accounts[i].id,
            toIban: accounts[i].second.iban,
            amountCents: 1,
            label: 'Mesure',
            beneficiaryName: 'Mesure',
          },
          { headers: { 'idempotency-key': `ceiling-${host}-${key++}` } },
        ),
      ),
    );
    const sockets = await Promise.all(
      people.slice(0, C).map((p) => openSocket({ base: app.base, protocol: 'ws' }, p)),
    );
    const chat = await closedLoop(
      (i) =>
        new Promise((resolve) => {
          const s = sockets[i];
          const clientId = `c${i}-${key++}`;
          s.onFrame = (f) => {
            if (f.clientId !== clientId) return;
            resolve(f.type === 'message.ack');
          };
          s.send({
            type: 'message.send',
            conversationId: s.ready.conversationIds[0],
            body: 'Bonjour',
            clientId,
          });
        }),
    );
    for (const s of sockets) s.close();
    return { health, me, chat, transfers };
  } finally {
    app.stop();
  }
}

const rows = [];
for (const host of HOSTS) {
  const r = await measure(host);
  rows.push([host, r.health, r.me, r.chat, r.transfers]);
  console.log(host, JSON.stringify(r));
}
const cell = (m) => `${m.perSecond}${m.failed ? ` (${m.failed} refused)` : ''}`;
const table = [
  `Closed loops of ${C} clients, ${SECONDS} s each (node bench/bank-ceiling.mjs), ${new Date().toISOString()}`,
  '',
  '| host | trivial requests/s | session checks/s | chat frames/s | transfers/s |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map(([h, ...m]) => `| ${h} | ${m.map(cell).join(' | ')} |`),
].join('\n');
console.log(`\n${table}`);
writeFileSync(join(ROOT, 'bench/results/bank-ceiling.md'), `${table}\n`);
