/**
 * idle: C idle WebSockets, then C idle SSE streams; server memory growth per
 * connection. Before each reading: a full GC through the inspector (when the
 * server has one), then a settle delay, then VmRSS and the JS heap in use.
 */
import { openSocket, openStream } from '../lib/clients.mjs';
import { collectGarbage } from '../lib/inspector.mjs';
import { readRssKiB } from '../lib/proc.mjs';
import { pool, sleep } from '../lib/stats.mjs';

export async function runIdle(target, { connections, settleMs }) {
  const sessions = target.idleUsers;
  const sockets = [];
  const streams = [];
  const measure = async () => {
    await collectGarbage(target.inspector);
    await sleep(settleMs);
    const heapKiB = await collectGarbage(target.inspector);
    return { rss: readRssKiB(target.pid), heap: heapKiB };
  };
  try {
    const m0 = await measure();
    const ws = await pool(connections, 100, (i) =>
      openSocket(target, sessions[i % sessions.length], { lean: true }),
    );
    for (const r of ws) if (r.ok) sockets.push(r.value);
    const m1 = await measure();
    const sse = await pool(connections, 100, (i) =>
      openStream(target.base, sessions[i % sessions.length]),
    );
    for (const r of sse) if (r.ok) streams.push(r.value);
    const m2 = await measure();
    const failures = ws.length - sockets.length + sse.length - streams.length;
    const per = (a, b, n) =>
      n && typeof a === 'number' && typeof b === 'number'
        ? Math.round(((b - a) / n) * 100) / 100
        : null;
    const total = sockets.length + streams.length;
    return {
      websockets: sockets.length,
      streams: streams.length,
      failures,
      firstFailure: [...ws, ...sse].find((r) => !r.ok)?.error.message,
      gcForced: !!target.inspector,
      rssKiB: { before: m0.rss, afterWs: m1.rss, afterSse: m2.rss },
      heapKiB: { before: m0.heap, afterWs: m1.heap, afterSse: m2.heap },
      kibPerWebSocket: per(m0.rss, m1.rss, sockets.length),
      kibPerStream: per(m1.rss, m2.rss, streams.length),
      kibPerConnection: per(m0.rss, m2.rss, total),
      heapKibPerWebSocket: per(m0.heap, m1.heap, sockets.length),
      heapKibPerStream: per(m1.heap, m2.heap, streams.length),
      heapKibPerConnection: per(m0.heap, m2.heap, total),
    };
  } finally {
    for (const s of sockets) s.close();
    for (const s of streams) s.close();
    await sleep(500);
  }
}
