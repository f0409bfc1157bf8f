/**
 * The load generator: a separate process (pinned to its own core by
 * scripts/bench.mjs) that signs in, then runs every scenario against each
 * target in turn (raw, socketio, AVENIR, worker) with the very same code, and writes
 * the figures as JSON. Usage: node bench/generator.mjs <config.json> <out.json>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { login } from './lib/clients.mjs';
import { fixtureEmail } from './lib/sessions.mjs';
import { pinProcess } from './lib/proc.mjs';
import { startProfiling } from './lib/inspector.mjs';
import { pool, sleep } from './lib/stats.mjs';
import { runChat } from './scenarios/chat.mjs';
import { runFanout } from './scenarios/fanout.mjs';
import { runIdle } from './scenarios/idle.mjs';
import { runScale } from './scenarios/scale.mjs';
import { runTransfers } from './scenarios/transfers.mjs';
import { runOrders } from './scenarios/orders.mjs';
import { runLogin } from './scenarios/login.mjs';
import { runCapacity } from './scenarios/capacity.mjs';
import { runWeb } from './scenarios/web.mjs';

const [configPath, outPath] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const log = (msg) => process.stderr.write(`${msg}\n`);

const SCENARIOS = {
  chat: (t) => runChat(t, config.chat),
  fanout: (t) => runFanout(t, config.fanout),
  idle: (t) => runIdle(t, config.idle),
  scale: (t) => runScale(t, { ...config.scale, fileLimit: config.fileLimit, log }),
  transfers: (t) => runTransfers(t, config.transfers),
  orders: (t) => runOrders(t, config.orders),
  login: (t) => runLogin(t, config.login),
  capacity: (t) => runCapacity(t, { ...config.capacity, log }),
  // Many clients at a human rate under the real limits (issue 25): capacity's steps, pairs added per step.
  human: (t) => runCapacity(t, { ...config.human, log }),
  web: (t) => runWeb(t, config.web),
};

/** Scenarios that only some targets can run (the others have no money, market or password hashing). */
const ONLY = {
  transfers: ['raw', 'avenir', 'worker'],
  orders: ['avenir', 'worker'],
  login: ['avenir', 'worker'],
  web: ['avenir', 'worker'],
};
/** The fsync-each baseline runs only the chat shapes it was added for (issue 25). */
const DURABLE_ONLY = ['chat', 'capacity', 'human'];
const SKIPPED = {
  socketio: 'the Socket.IO baseline has no money, market or password hashing',
  raw: 'the raw baseline has no market or password hashing',
};

/** Signs in every account the scenarios use: one login per account, sessions reused by many connections. */
async function signIn(target) {
  const t0 = performance.now();
  const { chatClients, idleUsers } = config.logins;
  const emails = Array.from({ length: chatClients + idleUsers }, (_, j) =>
    fixtureEmail(config.seedClients, j),
  );
  const advisors = new Map();
  for (const email of ['conseiller1@avenir.test', 'conseiller2@avenir.test']) {
    const s = await login(target.base, email);
    advisors.set(s.user.id, s);
  }
  // Sessions written into the database beforehand (human shape on AVENIR: bench/lib/sessions.mjs).
  const minted = target.sessions;
  const results = minted
    ? minted.map((value) => ({ ok: true, value }))
    : await pool(emails.length, config.loginConcurrency, (i) => login(target.base, emails[i]));
  const failed = results.filter((r) => !r.ok);
  if (failed.length)
    throw new Error(`${target.name}: ${failed.length} logins failed: ${failed[0].error.message}`);
  const sessions = results.map((r) => r.value);
  for (const s of sessions) {
    if (!s.user.advisor || !advisors.has(s.user.advisor.id))
      throw new Error(`${s.email}: advisor ${s.user.advisor?.id} is not conseiller1/2`);
  }
  Object.assign(target, {
    advisors,
    newsAuthor: [...advisors.values()][0],
    chatClients: sessions.slice(0, chatClients),
    idleUsers: sessions.slice(chatClients),
    logins: {
      count: sessions.length + advisors.size,
      seconds: Math.round(performance.now() - t0) / 1000,
    },
  });
  log(`${target.name}: ${target.logins.count} logins in ${target.logins.seconds} s`);
}

/**
 * Bounds a scenario. A scenario cannot be cancelled from outside, so past its time limit this
 * still waits (up to the same time again) for it to finish and close its connections before the
 * next one starts: two scenarios never overlap on the server.
 */
async function withTimeout(promise, ms, what) {
  let timer;
  const settled = promise.then(
    () => {},
    () => {},
  );
  const result = await Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), ms))),
  ]);
  if (result !== TIMED_OUT) return result;
  await Promise.race([settled, sleep(ms)]);
  throw new Error(`${what}: over ${ms / 1000} s, stopped`);
}
const TIMED_OUT = Symbol('timed out');

const out = { targets: {}, scenarios: {} };
for (const target of config.targets) {
  await signIn(target);
  // Logins (one scrypt each) ran on both cores; everything measured runs with the server on its own core.
  const pinned = config.serverCpus ? pinProcess(target.pid, config.serverCpus) : false;
  out.targets[target.name] = {
    base: target.base,
    logins: target.logins,
    pinnedTo: pinned ? config.serverCpus : null,
  };
}

for (const name of config.scenarios) {
  out.scenarios[name] = {};
  for (const target of config.targets) {
    if (
      (ONLY[name] && !ONLY[name].includes(target.name)) ||
      (target.name === 'socketio-durable' && !DURABLE_ONLY.includes(name))
    ) {
      out.scenarios[name][target.name] = { skipped: SKIPPED[target.name] ?? 'not for this target' };
      continue;
    }
    log(`${name} → ${target.name}…`);
    const lag = monitorEventLoopDelay({ resolution: 5 });
    lag.enable();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let result;
    let profiler = null;
    try {
      if (config.profile && target.inspector) profiler = await startProfiling(target.inspector);
      result = await withTimeout(
        SCENARIOS[name](target),
        config[name]?.timeoutMs ?? config.scenarioTimeoutMs,
        `${name} on ${target.name}`,
      );
      if (profiler) {
        const file = join(config.profileDir, `${target.name}-${name}.cpuprofile`);
        writeFileSync(file, JSON.stringify(await profiler.stop()));
        result.profileFile = file;
      }
    } catch (err) {
      result = { error: err.message };
      log(`  ${target.name} ${name} failed: ${err.message}`);
    }
    lag.disable();
    result.seconds = Math.round(performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    result.generatorCpuPercent = Math.round(
      (cpu.user + cpu.system) / 10 / (performance.now() - t0),
    );
    result.generatorLagP99Ms = Math.round(lag.percentile(99) / 1e4) / 100;
    out.scenarios[name][target.name] = result;
    await sleep(config.pauseMs);
  }
}

writeFileSync(outPath, JSON.stringify(out, null, 2));
process.exit(0);
