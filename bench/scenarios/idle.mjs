/** idle: C idle WebSockets, then C idle SSE streams; server RSS growth per connection. */
import { openSocket, openStream } from '../lib/clients.mjs';
import { readRssKiB } from '../lib/proc.mjs';
import { pool, sleep } from '../lib/stats.mjs';

export async function runIdle(target, { connections, settleMs }) {
  const sessions = target.idleUsers;
  const sockets = [];
  const streams = [];
  try {
    await sleep(settleMs);
    const rss0 = readRssKiB(target.pid);
    const ws = await pool(connections, 100, (i) => openSocket(target.base, sessions[i % sessions.length]));
    for (const r of ws) if (r.ok) sockets.push(r.value);
    await sleep(settleMs);
    const rss1 = readRssKiB(target.pid);
    const sse = await pool(connections, 100, (i) => openStream(target.base, sessions[i % sessions.length]));
    for (const r of sse) if (r.ok) streams.push(r.value);
    await sleep(settleMs);
    const rss2 = readRssKiB(target.pid);
    const failures = ws.length - sockets.length + sse.length - streams.length;
    const per = (kib, n) => (n ? Math.round((kib / n) * 100) / 100 : null);
    return {
      websockets: sockets.length,
      streams: streams.length,
      failures,
      firstFailure: [...ws, ...sse].find((r) => !r.ok)?.error.message,
      rssKiB: { before: rss0, afterWs: rss1, afterSse: rss2 },
      kibPerWebSocket: per(rss1 - rss0, sockets.length),
      kibPerStream: per(rss2 - rss1, streams.length),
      kibPerConnection: per(rss2 - rss0, sockets.length + streams.length),
    };
  } finally {
    for (const s of sockets) s.terminate();
    for (const s of streams) s.close();
    await sleep(500);
  }
}
