// Start-up figures (issue 14): time from spawn to a healthy `GET /api/health`, then the RSS and
// CPU time of the server process and of the whole process tree it sits in.
//   node scripts/start-figures.mjs [--db=path] [--clients=5000] [--runs=3] -- <command…>
// e.g. node scripts/start-figures.mjs --db=/tmp/a.db -- npm start
//      node scripts/start-figures.mjs --db=/tmp/a.db -- node dist/server/entry.js
// The database is kept between runs: the first run on a missing file measures a first start.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { once } from 'node:events';

const sep = process.argv.indexOf('--');
const opts = Object.fromEntries(
  process.argv
    .slice(2, sep < 0 ? undefined : sep)
    .map((a) => a.replace(/^--/, '').split('='))
    .map(([k, v]) => [k, v ?? 'true']),
);
const command = sep < 0 ? ['npm', 'start'] : process.argv.slice(sep + 1);
const runs = Number(opts.runs ?? 1);
const TICK = 100; // clock ticks per second in /proc/<pid>/stat (USER_HZ)

const read = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};
const children = (pid) =>
  readdirSync(`/proc/${pid}/task`, { withFileTypes: true }).flatMap((t) =>
    read(`/proc/${pid}/task/${t.name}/children`).split(' ').filter(Boolean).map(Number),
  );
const tree = (pid) => [pid, ...children(pid).flatMap(tree)];
function stats(pid) {
  const status = read(`/proc/${pid}/status`);
  const stat = read(`/proc/${pid}/stat`).split(') ')[1]?.split(' ') ?? [];
  return {
    pid,
    name: /Name:\s+(\S+)/.exec(status)?.[1],
    rssMiB: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024,
    cpuMs: ((Number(stat[11] ?? 0) + Number(stat[12] ?? 0)) * 1000) / TICK,
  };
}

async function healthy(port, deadline) {
  while (performance.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return true;
    } catch {}
    await new Promise((ok) => setTimeout(ok, 5));
  }
  return false;
}

for (let run = 1; run <= runs; run++) {
  const port = 3100 + Math.floor(Math.random() * 800);
  const env = {
    ...process.env,
    PORT: String(port),
    DATABASE_PATH: opts.db ?? '/tmp/avenir-start-figures.db',
    SEED_CLIENTS: opts.clients ?? '5000',
  };
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), { env, detached: true, stdio: 'ignore' });
  const ok = await healthy(port, started + 120_000);
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, Number(opts.settle ?? 200)));
  const procs = tree(child.pid).map(stats);
  const server = procs.findLast((p) => p.name === 'node') ?? procs.at(-1); // the deepest Node process serves
  const sum = (k) => procs.reduce((s, p) => s + p[k], 0);
  console.log(
    JSON.stringify({
      run,
      healthy: ok,
      healthyMs: Math.round(ms),
      serverRssMiB: +server.rssMiB.toFixed(1),
      treeRssMiB: +sum('rssMiB').toFixed(1),
      serverCpuMs: server.cpuMs,
      treeCpuMs: sum('cpuMs'),
      tree: procs.map((p) => `${p.name}:${p.rssMiB.toFixed(0)}MiB`).join(' > '),
    }),
  );
  process.kill(-child.pid, 'SIGTERM');
  await once(child, 'exit');
}
