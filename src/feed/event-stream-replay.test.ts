import { request } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { asc } from 'drizzle-orm';
import { startTestApp, type Agent } from '../../test/harness';
import { events } from '../db/schema';
import { publishNews } from './news';
import { pruneOldEvents } from './event-log';
import { app, expectIncreasingIds, lastEventId, news, staff, startStreamApp } from './test-kit';

startStreamApp();
/**
 * A reader that reads slowly over a raw socket: it stops reading at first (so the
 * server's buffers fill and it must wait for 'drain'), calls `onStall` meanwhile,
 * then reads one chunk every few milliseconds. Resolves with the events up to `untilId`.
 */
function readSlowly(
  agent: Agent,
  lastId: string,
  untilId: number,
  onStall: () => Promise<unknown>,
): Promise<{ id: number; event: string }[]> {
  return new Promise((resolve, reject) => {
    const url = new URL('/api/events', agent.base);
    const req = request(url, {
      headers: { cookie: agent.cookie, accept: 'text/event-stream', 'last-event-id': lastId },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
      const got: { id: number; event: string }[] = [];
      let buffer = '';
      let stalled = false;
      res.setEncoding('utf8');
      res.on('error', reject);
      res.on('end', () => reject(new Error(`ended after ${got.length} events`)));
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let at = buffer.indexOf('\n\n'); at >= 0; at = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const id = /^id: (\d+)$/m.exec(block)?.[1];
          const event = /^event: (.+)$/m.exec(block)?.[1];
          if (id && event) got.push({ id: Number(id), event });
        }
        if (got.at(-1)?.id === untilId) {
          req.destroy();
          return resolve(got);
        }
        res.pause();
        if (!stalled) {
          stalled = true;
          void onStall().then(() => res.resume(), reject);
        } else setTimeout(() => res.resume(), 2);
      });
    });
    req.end();
  });
}

describe('long replay', () => {
  it('replays 5 MiB of missed events in order, to a fast and to a slow reader, live ones after', async () => {
    const director = staff('directeur@avenir.test');
    const c3 = await app.login('client3@avenir.test');
    const from = lastEventId();
    const body = 'Relevé trimestriel : détail des opérations. '.repeat(240).slice(0, 10_000);
    const backlog: number[] = [];
    for (let i = 0; i < 530; i++) {
      await publishNews(app.platform, director, { title: `Gros ${i}`, body });
      backlog.push(lastEventId());
    }
    const bytes = app.platform.db
      .select({ data: events.data })
      .from(events)
      .all()
      .slice(-530)
      .reduce((n, e) => n + e.data.length, 0);
    expect(bytes).toBeGreaterThan(5 * 1024 * 1024);

    const t0 = performance.now();
    const fast = await c3.sse({ 'last-event-id': String(from) });
    await fast.next((e) => Number(e.id) === backlog.at(-1), 30_000);
    const seconds = (performance.now() - t0) / 1000;
    console.log(`replay of ${(bytes / 1048576).toFixed(1)} MiB: ${seconds.toFixed(2)} s`);
    expect(fast.events.map((e) => Number(e.id))).toEqual(backlog);
    await fast.close();

    // The slow reader: live news published while its replay waits are held, then sent after it.
    const live: number[] = [];
    const publishLive = async () => {
      for (let i = 0; i < 20; i++) {
        await publishNews(app.platform, director, { title: `En direct ${i}`, body: '…' });
        live.push(lastEventId());
      }
      // the reader is stalled: wait until the server's socket is full and waits for 'drain'
      await vi.waitFor(() => expect(serverSockets.some((s) => s.writableNeedDrain)).toBe(true), {
        timeout: 20_000,
      });
    };
    const serverSockets: Socket[] = [];
    app.server.on('connection', (s: Socket) => serverSockets.push(s));
    const lastLive = backlog.at(-1)! + 20;
    const slow = await readSlowly(c3, String(from), lastLive, publishLive);
    expect(slow.map((e) => e.id)).toEqual([...backlog, ...live]);
    expect(slow.every((e) => e.event === 'news')).toBe(true);
  }, 60_000);
});

describe('retention', () => {
  it('prunes events older than EVENT_RETENTION_DAYS at start; older ids get reset, the boundary replays', async () => {
    // Fixture news are 72 h and 26 h old, the rest younger: with one day kept, the oldest go at start.
    const small = await startTestApp({ EVENT_RETENTION_DAYS: '1' });
    try {
      const ids = small.platform.db
        .select({ id: events.id })
        .from(events)
        .orderBy(asc(events.id))
        .all()
        .map((e) => e.id);
      const oldest = Math.min(...ids);
      expect(oldest).toBeGreaterThan(1);
      const client = await small.login('client1@avenir.test');
      const advisor = await small.login('conseiller1@avenir.test');

      const stale = await client.sse({ 'last-event-id': String(oldest - 2) });
      const reset = await stale.next((e) => e.event === 'reset');
      expect(Number(reset.id)).toBe(Math.max(...ids));
      const live = await advisor.post('/api/news', { title: 'Après reset', body: '…' });
      await stale.next((e) => e.data?.id === live.body.news.id);
      expect(stale.events.map((e) => e.event)).toEqual(['reset', 'news']);
      await stale.close();

      // Resuming right before the oldest kept event loses nothing: a plain replay.
      const edge = await client.sse({ 'last-event-id': String(oldest - 1) });
      await edge.next((e) => e.data?.id === live.body.news.id);
      expect(edge.of('reset')).toEqual([]);
      expectIncreasingIds(edge.events);
      await edge.close();
    } finally {
      await small.stop();
    }
  });

  it('prunes on schedule by the platform clock, and a stream resuming from a pruned id is reset', async () => {
    const own = await startTestApp();
    try {
      const client = await own.login('client2@avenir.test');
      const advisor = await own.login('conseiller1@avenir.test');
      const first = await own.platform.db
        .select({ id: events.id })
        .from(events)
        .orderBy(asc(events.id))
        .limit(1)
        .get();
      const real = own.platform.clock;
      own.platform.clock = { now: () => new Date(Date.now() + 31 * 86_400_000) };
      try {
        expect(await pruneOldEvents(own.platform)).toBeGreaterThan(0);
      } finally {
        own.platform.clock = real;
      }
      expect(own.platform.db.select().from(events).all()).toEqual([]);
      const stream = await client.sse({ 'last-event-id': String(first!.id) });
      await stream.next((e) => e.event === 'reset');
      const live = await advisor.post('/api/news', { title: 'Nouvelle', body: '…' });
      const got = await stream.next((e) => e.event === 'news');
      expect(got.data.id).toBe(live.body.news.id);
      expect(Number(got.id)).toBeGreaterThan(Number(stream.of('reset')[0].id));
      await stream.close();
    } finally {
      await own.stop();
    }
  });
});
