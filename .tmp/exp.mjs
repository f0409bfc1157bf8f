import { spawn } from 'node:child_process';
import WebSocket from 'ws';
const port = 3193;
const child = spawn(process.execPath, ['/work/wt-worker/node_modules/wrangler/bin/wrangler.js', 'dev', '--local', '--port', String(port), '--ip', '127.0.0.1', '--inspector-port', '3194', '--persist-to', '/tmp/expstate', '--show-interactive-dev-session=false'], { cwd: '/work/wt-worker/.tmp/exp', detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' } });
for (;;) { try { if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break; } catch {} await new Promise((r) => setTimeout(r, 200)); }
try {
for (const [path, msg] of [['/local', 'x'], ['/relay', 'x'], ['/relay', 'rpc']]) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`); ws.on('error', (e) => console.log('err', e.message));
  await new Promise((ok) => ws.once('open', ok)); await new Promise((r) => setTimeout(r, 300));
  const t = Date.now();
  let frame = 0;
  ws._receiver.on('conclude', () => (frame = Date.now() - t));
  const closed = new Promise((ok) => ws.on('close', ok));
  ws.send(msg);
  console.log(path, msg, await closed, Date.now() - t, 'ms; frame at', frame);
}
} finally { process.kill(-child.pid, 'SIGTERM'); }
