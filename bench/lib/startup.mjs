/**
 * startup (run by scripts/bench.mjs before the other scenarios, nothing else
 * running): each target is spawned the way its real command does (AVENIR:
 * `npm start`; the baselines: `node file.mjs`) on a database that already
 * exists — one warm start first creates and seeds it — then timed from spawn to
 * the first 200 on /api/health, and measured right then: the RSS of the whole
 * process tree (the spawned pid and every descendant) and of the serving
 * process alone (the one holding the listening socket).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { listenerPid, processTree, readRssKiB } from './proc.mjs';

function healthy(port) {
  return new Promise((resolve) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: '/api/health', agent: false, timeout: 1000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

/** Spawns `command` in its own process group; resolves at the first healthy answer. */
async function launch({ command, cwd, env, port, timeoutMs = 120_000 }) {
  const t0 = performance.now();
  const child = spawn(command[0], command.slice(1), {
    cwd,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
  const exited = new Promise((ok) => child.once('exit', ok));
  let gone = false;
  exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`${command.join(' ')} exited during start: ${stderr}`);
    if (performance.now() - t0 > timeoutMs) {
      await stop(child, exited);
      throw new Error(`${command.join(' ')}: no healthy answer in ${timeoutMs / 1000} s`);
    }
    if (await healthy(port)) return { child, exited, ms: performance.now() - t0 };
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** SIGTERM to the whole group (npm and its children), SIGKILL after 10 s. */
async function stop(child, exited) {
  const kill = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  kill('SIGTERM');
  const timer = setTimeout(() => kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  kill('SIGKILL'); // anything left in the group
}

const mib = (kib) => Math.round((kib / 1024) * 10) / 10;
function comm(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '?';
  }
}

/**
 * For each seed count: a warm start (creates the database), then the timed
 * start. `spec`: {command, env(dbPath, seed)}; `freePort`: () => Promise<port>.
 */
export async function measureStartup(name, spec, { cwd, dir, seeds, freePort, log }) {
  const runs = [];
  for (const seed of seeds) {
    const env = spec.env(join(dir, `startup-${name}-${seed}.db`), seed);
    try {
      const warm = await launch({ command: spec.command, cwd, env, port: await freePort() });
      await stop(warm.child, warm.exited);
      const port = await freePort();
      const run = await launch({ command: spec.command, cwd, env, port });
      const tree = processTree(run.child.pid);
      const serving = listenerPid(tree, port);
      const processes = tree.map((pid) => ({
        pid,
        command: comm(pid).slice(0, 120),
        rssMiB: mib(readRssKiB(pid) ?? 0),
      }));
      await stop(run.child, run.exited);
      const result = {
        seed,
        command: spec.command.join(' '),
        firstStartMs: Math.round(warm.ms),
        healthyMs: Math.round(run.ms),
        treeRssMiB: Math.round(processes.reduce((t, p) => t + p.rssMiB, 0) * 10) / 10,
        servingRssMiB: processes.find((p) => p.pid === serving)?.rssMiB ?? null,
        processes,
      };
      log(
        `  ${name} startup (${seed} clients): healthy in ${result.healthyMs} ms, tree ${result.treeRssMiB} MiB (${processes.length} processes), serving process ${result.servingRssMiB} MiB; first start ${result.firstStartMs} ms`,
      );
      runs.push(result);
    } catch (err) {
      runs.push({ seed, error: err.message });
      log(`  ${name} startup (${seed} clients) failed: ${err.message}`);
    }
  }
  return { runs };
}
