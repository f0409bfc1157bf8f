/**
 * chat: P client–advisor pairs, M messages per client at R per second; latency at the advisor's socket.
 * `pairs` may be a list (full run: 100 as in issue 14, then 150): one run each, in order.
 */
import { performance } from 'node:perf_hooks';
import { openChat } from '../lib/chat-load.mjs';
import { readCpuMs } from '../lib/proc.mjs';
import { sleep } from '../lib/stats.mjs';

export async function runChat(target, { pairs, ...rest }) {
  const runs = [];
  for (const p of [pairs].flat()) runs.push(await runChatOnce(target, { pairs: p, ...rest }));
  return { runs };
}

async function runChatOnce(target, { pairs, messages, rate }) {
  const clients = target.chatClients.slice(0, pairs);
  if (clients.length < pairs)
    throw new Error(`chat: only ${clients.length} signed-in clients for ${pairs} pairs`);
  const chat = await openChat(target, { clients, advisors: target.advisors });
  try {
    // Warm-up (JIT, buffers): two messages per client, not counted.
    chat.start({ perClient: 2, rate: 10 });
    await chat.done(5000);
    await sleep(500);
    const cpu0 = readCpuMs(target.pid);
    const main0 = readCpuMs(target.pid, { mainThread: true });
    const t0 = performance.now();
    const tag = chat.start({ perClient: messages, rate });
    await chat.done(10_000);
    const elapsedMs = performance.now() - t0;
    const cpuMs = readCpuMs(target.pid) - cpu0;
    const mainCpuMs = readCpuMs(target.pid, { mainThread: true }) - main0;
    const s = chat.stats(t0);
    const persisted = target.verifies
      ? await chat.verifyPersisted(tag)
      : { checked: false, reason: 'baseline stores nothing' };
    return {
      pairs,
      messagesPerClient: messages,
      ratePerClient: rate,
      offeredPerSecond: pairs * rate,
      ...s,
      allDelivered: s.delivered === s.sent && s.sent === pairs * messages,
      persisted,
      elapsedMs: Math.round(elapsedMs),
      serverCpuMsPerMessage: perMessage(cpuMs, s.sent),
      /** The event loop's share (the rest: the WAL sync thread, GC helpers, libuv's pool). */
      mainThreadCpuMsPerMessage: perMessage(mainCpuMs, s.sent),
    };
  } finally {
    chat.close();
  }
}

const perMessage = (ms, sent) => (sent ? Math.round((ms / sent) * 1000) / 1000 : null);
