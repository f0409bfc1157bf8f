/**
 * fanout: S SSE subscribers, K news items POSTed by an advisor one after the
 * other (each once the previous reached everyone): time from POST to receipt by
 * the last subscriber. Then a burst of B items posted back to back: deliveries/s.
 */
import { performance } from 'node:perf_hooks';
import { openStream, request } from '../lib/clients.mjs';
import { readCpuMs } from '../lib/proc.mjs';
import { pool, sleep, summarize } from '../lib/stats.mjs';

const BODY =
  'Le Livret Avenir est désormais rémunéré à 3 % brut par an, sans frais de gestion. '.repeat(3);
const MARK = Buffer.from('"title":"bench ');
const MARK_TAIL = MARK.length + 12;

/** Item numbers whose title appears in a raw chunk; `carry` holds the end of the previous chunk. */
function itemsIn(chunk, carry) {
  const found = [];
  // A title cut by the read boundary: it starts in the carry and ends in this chunk
  // (never when the previous read ended an event with a blank line).
  if (carry.length && !endsAnEvent(carry)) {
    const seam = Buffer.concat([carry, chunk.subarray(0, MARK_TAIL)]);
    for (
      let at = seam.indexOf(MARK);
      at >= 0 && at < carry.length;
      at = seam.indexOf(MARK, at + 1)
    ) {
      const { n, end } = readNumber(seam, at + MARK.length);
      if (n >= 0 && end >= carry.length) found.push(n);
    }
  }
  for (let at = chunk.indexOf(MARK); at >= 0; at = chunk.indexOf(MARK, at + 1)) {
    const { n } = readNumber(chunk, at + MARK.length);
    if (n >= 0) found.push(n);
  }
  return found;
}

/** True when bytes end with "\n\n", or "\n\n\r\n" under chunked transfer encoding. */
function endsAnEvent(b) {
  const n = b.length;
  if (b[n - 1] === 10 && b[n - 2] === 10) return true;
  return n >= 4 && b[n - 1] === 10 && b[n - 2] === 13 && b[n - 3] === 10 && b[n - 4] === 10;
}

/** The last MARK_TAIL bytes seen, across reads shorter than that. */
function keepTail(carry, chunk) {
  // Copied: the chunk is a view of a shared read buffer.
  if (chunk.length >= MARK_TAIL) return Buffer.from(chunk.subarray(chunk.length - MARK_TAIL));
  const joined = Buffer.concat([carry, chunk]);
  return joined.subarray(Math.max(0, joined.length - MARK_TAIL));
}

/** The digits at `at` followed by a closing quote; n = -1 when cut short. */
function readNumber(buf, at) {
  let n = 0;
  let digits = 0;
  for (; at < buf.length && buf[at] >= 48 && buf[at] <= 57; at++, digits++)
    n = n * 10 + buf[at] - 48;
  return { n: digits && buf[at] === 34 ? n : -1, end: at };
}

/** `subscribers` may be a list (full run: 500, then 2,000): one run each, in order. */
export async function runFanout(target, { subscribers, ...rest }) {
  const runs = [];
  for (const n of [subscribers].flat())
    runs.push(await runFanoutOnce(target, { subscribers: n, ...rest }));
  return { runs };
}

async function runFanoutOnce(target, { subscribers, items, burst, timeoutMs = 10_000 }) {
  const sessions = target.idleUsers;
  const opened = await pool(subscribers, 100, (i) =>
    openStream(target.base, sessions[i % sessions.length]),
  );
  const streams = opened.filter((r) => r.ok).map((r) => r.value);
  try {
    if (streams.length < subscribers)
      throw new Error(
        `fanout: ${subscribers - streams.length} streams failed: ${opened.find((r) => !r.ok).error.message}`,
      );
    // received.get(k) = receipt times of item k, one per subscriber.
    const received = new Map();
    let duplicates = 0;
    for (const s of streams) {
      const seen = new Set();
      let carry = Buffer.alloc(0);
      s.onData = (chunk) => {
        const now = performance.now();
        for (const k of itemsIn(chunk, carry)) {
          if (seen.has(k)) {
            duplicates++;
            continue;
          }
          seen.add(k);
          let list = received.get(k);
          if (!list) received.set(k, (list = []));
          list.push(now);
        }
        carry = keepTail(carry, chunk);
      };
    }
    await sleep(500);
    const waitAll = async (k, deadline) => {
      while ((received.get(k)?.length ?? 0) < streams.length && performance.now() < deadline)
        await sleep(1);
    };
    const postMs = [];
    const post = async (k) => {
      const p0 = performance.now();
      const res = await request(target.base, target.newsAuthor, 'POST', '/api/news', {
        title: `bench ${k}`,
        body: BODY,
      });
      if (res.status !== 201)
        throw new Error(`POST /api/news: HTTP ${res.status} ${res.text.slice(0, 200)}`);
      if (k <= items) postMs.push(performance.now() - p0);
    };

    const last = [];
    const first = [];
    let cpu0 = readCpuMs(target.pid);
    for (let k = 1; k <= items; k++) {
      const t0 = performance.now();
      await post(k);
      await waitAll(k, t0 + timeoutMs);
      const times = received.get(k) ?? [];
      if (times.length === streams.length) last.push(Math.max(...times) - t0);
      if (times.length) first.push(Math.min(...times) - t0);
      await sleep(20);
    }
    const latencyCpuMs = readCpuMs(target.pid) - cpu0;

    // Burst: post B items as fast as the server answers, then wait for every delivery.
    cpu0 = readCpuMs(target.pid);
    const b0 = performance.now();
    for (let k = items + 1; k <= items + burst; k++) await post(k);
    await waitAll(items + burst, performance.now() + timeoutMs);
    for (let k = items + 1; k <= items + burst; k++) await waitAll(k, performance.now() + 1000);
    let lastReceipt = b0;
    let burstDelivered = 0;
    for (let k = items + 1; k <= items + burst; k++) {
      const times = received.get(k) ?? [];
      burstDelivered += times.length;
      for (const t of times) if (t > lastReceipt) lastReceipt = t;
    }
    const burstCpuMs = readCpuMs(target.pid) - cpu0;

    const delivered = [...received.entries()]
      .filter(([k]) => k <= items)
      .reduce((n, [, l]) => n + l.length, 0);
    return {
      subscribers: streams.length,
      items,
      lastArrival: summarize(last),
      firstArrival: summarize(first),
      // POST /api/news sent → 201 received, while the item fans out to every stream.
      postRoundTrip: summarize(postMs),
      delivered,
      expected: items * streams.length,
      duplicates,
      allDelivered:
        delivered === items * streams.length && burstDelivered === burst * streams.length,
      burst: {
        items: burst,
        delivered: burstDelivered,
        expected: burst * streams.length,
        seconds: Math.round(lastReceipt - b0) / 1000,
        deliveriesPerSecond: Math.round(burstDelivered / ((lastReceipt - b0) / 1000)),
        serverCpuMsPer1000Deliveries: burstDelivered
          ? Math.round((burstCpuMs / burstDelivered) * 1000 * 100) / 100
          : null,
      },
      serverCpuMsPerItem: Math.round((latencyCpuMs / items) * 100) / 100,
    };
  } finally {
    for (const s of streams) s.close();
  }
}
