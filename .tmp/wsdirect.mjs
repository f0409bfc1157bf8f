import { spawn, execSync } from 'node:child_process';
import WebSocket from 'ws';
const port = 3196;
const child = spawn(process.execPath, ['scripts/start-worker.mjs'], { cwd: '/work/wt-worker', detached: true, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'test', DATABASE_PATH: '/tmp/wsdirect/avenir.db', SEED: 'auto' } });
let out = '';
await new Promise((ok) => child.stdout.on('data', (c) => { out += c; process.stdout.write(String(c).split('\n').filter(l=>l.includes('XX')).map(l=>l+' @'+Date.now()+'\n').join('')); if (out.includes('est prêt')) ok(); }));
const ports = execSync(`ss -ltnp | grep workerd || true`).toString();
console.log(ports);
const candidates = [...ports.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
async function login(base) {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { origin: base, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'client2@avenir.test', password: 'Avenir-2026!' }) });
  return { status: r.status, cookie: r.headers.get('set-cookie')?.split(';')[0] };
}
async function trial(base, wsOrigin) {
  const l = await login(base);
  if (l.status !== 200) return console.log(base, 'login', l.status);
  const ws = new WebSocket(base.replace('http', 'ws') + '/api/ws', { headers: { cookie: l.cookie, origin: wsOrigin ?? base } });
  await new Promise((ok, ko) => { ws.once('message', ok); ws.once('error', ko); ws.once('unexpected-response', (_q, r) => ko(new Error('status ' + r.statusCode))); });
  const t = Date.now();
  let frame = 0;
  ws._receiver.on('conclude', () => (frame = Date.now() - t));
  const closed = new Promise((ok) => ws.on('close', (code) => ok(code)));
  if (process.env.BYE) ws.send('bye'); else await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { origin: base, cookie: l.cookie } });
  console.log('t0', t, base, 'close', await closed, Date.now() - t, 'ms; close frame at', frame);
}
try {
  await trial(`http://127.0.0.1:${port}`);
  if (0) for (const p of candidates) if (p !== port) await trial(`http://127.0.0.1:${p}`).catch((e) => console.log(p, e.message));
} finally { process.kill(-child.pid, 'SIGTERM'); }
