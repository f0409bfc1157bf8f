/**
 * Chat traffic: each client socket sends message.send frames at a fixed rate;
 * the advisor's socket (one per advisor) times the matching message.new.
 * Latency = receipt at the advisor's socket − send, both on this process's clock.
 */
import { performance } from 'node:perf_hooks';
import { openSocket, request } from './clients.mjs';
import { pool, sleep, summarize } from './stats.mjs';

let runCounter = 0;
const PADDING = ' — merci de me rappeler dès que possible au sujet de mon virement.';

/**
 * Opens one socket per advisor and one per client; `clients` are sessions whose user has an advisor.
 * `target`: {base, protocol} (see openSocket).
 */
export async function openChat(target, { clients, advisors }) {
  const base = target.base;
  const records = [];
  const byClientId = new Map();
  const errors = {};
  const advisorSockets = new Map();
  for (const [id, session] of advisors) {
    const ws = await openSocket(target, session);
    ws.onFrame = (frame) => {
      if (frame.type !== 'message.new') return;
      const rec = byClientId.get(frame.message.clientId);
      if (rec && rec.recvAt < 0) {
        rec.recvAt = performance.now();
        rec.persistedId = frame.message.id;
      }
    };
    advisorSockets.set(id, ws);
  }
  const senders = [];
  /** Opens one socket per client (pairs added while the scenario runs: human-rate capacity). */
  async function add(more) {
    const opened = await pool(more.length, 50, async (i) => {
      const session = more[i];
      const ws = await openSocket(target, session);
      const conversationId = ws.ready.conversationIds[0];
      if (!conversationId) throw new Error(`${session.email}: no conversation in the ready frame`);
      ws.onFrame = (frame) => {
        if (frame.type === 'message.ack') {
          const rec = byClientId.get(frame.clientId);
          if (rec && rec.ackAt < 0) rec.ackAt = performance.now();
        } else if (frame.type === 'error') {
          errors[frame.code] = (errors[frame.code] ?? 0) + 1;
        }
      };
      return { session, ws, conversationId };
    });
    const failed = opened.filter((r) => !r.ok);
    for (const r of opened) if (r.ok) senders.push(r.value);
    if (failed.length)
      throw new Error(`chat: ${failed.length} client sockets failed: ${failed[0].error.message}`);
  }
  await add(clients);

  let stopRequested = false;
  let running = null;

  function sendOne(s, clientId, seq) {
    const rec = {
      clientId,
      conversationId: s.conversationId,
      sentAt: performance.now(),
      ackAt: -1,
      recvAt: -1,
    };
    records.push(rec);
    byClientId.set(clientId, rec);
    s.ws.send({
      type: 'message.send',
      conversationId: s.conversationId,
      body: `Message ${seq}${PADDING}`,
      clientId,
    });
  }

  /**
   * An aggregate rate instead of one timer per client: every TICK_MS, sends the
   * messages due by now (elapsed × rate − sent), round-robin over the clients,
   * for durationMs. The offered rate stays exact when timers fire late (the due
   * messages then go out together, as a real load would). Resolves with the
   * count sent and the send window.
   */
  function startAggregate({ ratePerSecond, durationMs }) {
    const tag = `b${process.pid}-${++runCounter}`;
    const TICK_MS = 5;
    const t0 = performance.now();
    let sent = 0;
    let skipped = 0; // due while their socket was closed: counted as lost
    let next = 0;
    running = new Promise((resolve) => {
      const timer = setInterval(() => {
        const elapsed = Math.min(performance.now() - t0, durationMs);
        const due = Math.floor((elapsed * ratePerSecond) / 1000) - sent;
        for (let k = 0; k < due; k++) {
          const s = senders[next++ % senders.length];
          if (s.ws.open) sendOne(s, `${tag}-${sent}`, sent);
          else skipped++;
          sent++;
        }
        if (elapsed >= durationMs) {
          clearInterval(timer);
          resolve({ tag, sent, skipped, from: t0, to: performance.now() });
        }
      }, TICK_MS);
    });
    return running;
  }

  /** Sends `perClient` messages per client (Infinity: until stop()) at `rate` per second each. */
  function start({ perClient, rate }) {
    const tag = `b${process.pid}-${++runCounter}`;
    stopRequested = false;
    const interval = 1000 / rate;
    running = Promise.all(
      senders.map(
        (s, i) =>
          new Promise((resolve) => {
            let seq = 0;
            const tick = () => {
              if (stopRequested || seq >= perClient || !s.ws.open) return resolve();
              sendOne(s, `${tag}-${i}-${++seq}`, seq);
              setTimeout(tick, interval);
            };
            // Spread the clients over one interval so sends do not come in lockstep.
            setTimeout(tick, Math.random() * interval);
          }),
      ),
    );
    return tag;
  }

  /** Waits for the senders to finish, then (up to drainMs) for every sent message to arrive. */
  async function done(drainMs = 5000) {
    await running;
    const deadline = performance.now() + drainMs;
    while (performance.now() < deadline && records.some((r) => r.recvAt < 0 || r.ackAt < 0))
      await sleep(20);
  }

  /** Stops sending now and drains. */
  function stop(drainMs) {
    stopRequested = true;
    return done(drainMs);
  }

  /** Latency figures for the messages sent in [from, to) (performance.now() times). */
  function stats(from = 0, to = Infinity) {
    const sent = records.filter((r) => r.sentAt >= from && r.sentAt < to);
    const delivered = sent.filter((r) => r.recvAt >= 0);
    const acked = sent.filter((r) => r.ackAt >= 0);
    return {
      sent: sent.length,
      delivered: delivered.length,
      acked: acked.length,
      latency: summarize(delivered.map((r) => r.recvAt - r.sentAt)),
      ack: summarize(acked.map((r) => r.ackAt - r.sentAt)),
      errors: { ...errors },
    };
  }

  /** Reads each conversation back over REST and counts this run's messages (AVENIR only stores them). */
  async function verifyPersisted(tag) {
    const expected = new Map();
    for (const r of records)
      if (r.clientId.startsWith(`${tag}-`))
        expected.set(r.conversationId, (expected.get(r.conversationId) ?? 0) + 1);
    const results = await pool(senders.length, 8, async (i) => {
      const s = senders[i];
      const res = await request(
        base,
        s.session,
        'GET',
        `/api/conversations/${s.conversationId}/messages?limit=100`,
      );
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      return res.body.items.filter((m) => m.clientId.startsWith(`${tag}-`)).length;
    });
    if (results.some((r) => !r.ok))
      return { checked: false, reason: results.find((r) => !r.ok).error.message };
    const found = results.reduce((n, r) => n + r.value, 0);
    const want = [...expected.values()].reduce((a, b) => a + b, 0);
    return { checked: true, expected: want, found };
  }

  function close() {
    for (const s of senders) s.ws.close();
    for (const ws of advisorSockets.values()) ws.close();
  }

  /** Client sockets still open. */
  const openCount = () => senders.filter((s) => s.ws.open).length;

  return {
    start,
    startAggregate,
    done,
    stop,
    stats,
    verifyPersisted,
    close,
    openCount,
    records,
    add,
    get size() {
      return senders.length;
    },
  };
}
