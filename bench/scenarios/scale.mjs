/**
 * scale: a background chat load runs throughout while idle connections (half
 * WebSockets, half SSE streams) ramp up step by step; at each step, after a
 * settle delay, the chat latency of one measuring window. A step breaks when
 * connections fail, messages go missing, or chat p99 exceeds the limit.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { openChat } from '../lib/chat-load.mjs';
import { openSocket, openStream } from '../lib/clients.mjs';
import { readCpuMs, readRssKiB, readRunQueueWaitMs } from '../lib/proc.mjs';
import { pool, sleep } from '../lib/stats.mjs';

/**
 * The steps this machine can run: each connection is a file descriptor in the
 * server and in the generator; above `fileLimit.limit` (less a margin for the
 * chat sockets, databases, logs) a step cannot run, and the largest one that
 * can is measured instead, the others reported as not run with the reason.
 */
function feasibleSteps(steps, fileLimit) {
  const cap = fileLimit ? Math.floor((fileLimit.limit - 1000) / 500) * 500 : Infinity;
  const run = steps.filter((n) => n <= cap);
  const notRun = steps.filter((n) => n > cap);
  if (notRun.length && !run.includes(cap)) run.push(cap);
  const reason = `cannot run: ${fileLimit?.why ?? `open files capped at ${fileLimit?.limit}`}`;
  return { run, notRun: notRun.map((n) => ({ target: n, notRun: reason })) };
}

export async function runScale(
  target,
  { steps: planned, chatPairs, rate, windowMs, settleMs, p99LimitMs, fileLimit, log = () => {} },
) {
  const { run: steps, notRun } = feasibleSteps(planned, fileLimit);
  const sessions = target.idleUsers;
  const chat = await openChat(target, {
    clients: target.chatClients.slice(0, chatPairs),
    advisors: target.advisors,
  });
  const sockets = [];
  const streams = [];
  const rows = [];
  let breaksAt = null;
  try {
    chat.start({ perClient: Infinity, rate });
    for (const step of steps) {
      const r0 = performance.now();
      const have = sockets.length + streams.length;
      const want = step - have;
      const results = await pool(Math.max(0, want), 200, (i) => {
        const n = have + i;
        const session = sessions[Math.floor(n / 2) % sessions.length];
        return n % 2 === 0
          ? openSocket(target, session, { lean: true }).then((s) => sockets.push(s))
          : openStream(target.base, session).then((s) => streams.push(s));
      });
      const openMs = performance.now() - r0;
      const failures = results.filter((r) => !r.ok).length;
      await sleep(settleMs);
      const ramp = chat.stats(r0, performance.now());
      const cpu0 = readCpuMs(target.pid);
      const wait0 = readRunQueueWaitMs(target.pid);
      const gen0 = process.cpuUsage();
      const w0 = performance.now();
      await sleep(windowMs);
      const w1 = performance.now();
      const cpuMs = readCpuMs(target.pid) - cpu0;
      const waitMs = readRunQueueWaitMs(target.pid) - wait0;
      const gen = process.cpuUsage(gen0);
      const drainUntil = performance.now() + 3000;
      let s = chat.stats(w0, w1);
      while (s.delivered < s.sent && performance.now() < drainUntil) {
        await sleep(20);
        s = chat.stats(w0, w1);
      }
      const open = sockets.filter((w) => w.open).length + streams.filter((x) => !x.closed).length;
      const reasons = [];
      if (failures)
        reasons.push(
          `${failures} connections failed (${results.find((r) => !r.ok).error.message})`,
        );
      if (open < step) reasons.push(`${step - open} connections dropped`);
      if (s.delivered < s.sent)
        reasons.push(`${s.sent - s.delivered} of ${s.sent} messages not delivered`);
      if (s.latency.p99 !== null && s.latency.p99 > p99LimitMs)
        reasons.push(`chat p99 ${s.latency.p99} ms > ${p99LimitMs} ms`);
      const row = {
        connections: open,
        target: step,
        openSeconds: Math.round(openMs) / 1000,
        failures,
        chat: {
          sent: s.sent,
          delivered: s.delivered,
          p50: s.latency.p50,
          p99: s.latency.p99,
          max: s.latency.max,
        },
        rampChatP99: ramp.latency.p99,
        serverCpuPercent: Math.round((cpuMs / (w1 - w0)) * 100),
        serverRunQueueWaitPercent: Math.round((waitMs / (w1 - w0)) * 100),
        generatorCpuPercent: Math.round((gen.user + gen.system) / 10 / (w1 - w0)),
        generatorRssMiB: Math.round(process.memoryUsage.rss() / 2 ** 20),
        rssMiB: Math.round((readRssKiB(target.pid) ?? 0) / 1024),
        // Other work on the machine shows up as latency: the 1-minute load average at this step.
        loadAverage: Math.round(loadavg()[0] * 100) / 100,
        ok: reasons.length === 0,
        reasons,
      };
      rows.push(row);
      log(
        `  ${target.name} scale ${step}: open=${open} p99=${s.latency.p99} ms delivered=${s.delivered}/${s.sent} cpu=${row.serverCpuPercent}% load=${row.loadAverage}${reasons.length ? ' — ' + reasons.join('; ') : ''}`,
      );
      if (!row.ok && breaksAt === null) breaksAt = { connections: step, reasons };
      // Past a real failure to connect, going higher only measures timeouts.
      if (failures > Math.max(10, want * 0.01) || open < step * 0.95) break;
    }
    await chat.stop(3000);
    return {
      chatPairs,
      ratePerClient: rate,
      plannedSteps: planned,
      notRun,
      windowMs,
      p99LimitMs,
      steps: rows,
      breaksAt,
      reachedConnections: rows.at(-1)?.connections ?? 0,
    };
  } finally {
    chat.close();
    for (const s of sockets) s.close();
    for (const s of streams) s.close();
    await sleep(300);
  }
}
