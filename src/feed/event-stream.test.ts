import { request } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { asc, eq, max } from 'drizzle-orm';
import {
  startTestApp,
  type Agent,
  type SseEvent,
  type SseStream,
  type TestApp,
} from '../../test/harness';
import { events, users } from '../db/schema';
import { publishNews } from './news';
import { pruneOldEvents } from './event-log';
import { topics } from '../realtime/hub';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ SSE_HEARTBEAT_MS: '50' });
});
afterAll(() => app?.stop());

const staff = (email: string) =>
  app.platform.db.select().from(users).where(eq(users.email, email)).get()!;
const lastEventId = () =>
  app.platform.db
    .select({ id: max(events.id) })
    .from(events)
    .get()?.id ?? 0;
let seq = 0;
const news = (agent: Agent, title = `Actu ${++seq}`) =>
  agent.post('/api/news', { title, body: `Texte de ${title}` });
const notify = (agent: Agent, recipientId: number, title = `Note ${++seq}`) =>
  agent.post('/api/notifications', { recipientId, kind: 'info', title, body: `Texte de ${title}` });

/** The (type, domain id) trail of a stream, for comparing against what was published. */
const trail = (list: SseEvent[]) =>
  list.map((e) => `${e.event}:${e.data?.id ?? JSON.stringify(e.data)}`);
const expectIncreasingIds = (list: SseEvent[]) => {
  const ids = list.map((e) => Number(e.id));
  expect(
    ids.every((id, i) => Number.isSafeInteger(id) && id > 0 && (i === 0 || id > ids[i - 1])),
  ).toBe(true);
};

describe('GET /api/events', () => {
  it('refuses a request without a session with 401 JSON', async () => {
    const res = await app.anon().get('/api/events', { accept: 'text/event-stream' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
    const forged = await fetch(`${app.url}/api/events`, {
      headers: { cookie: 'avenir_session=forged' },
    });
    expect(forged.status).toBe(401);
  });

  it('starts with retry: 3000, sends proxy-proof headers and keeps the line open with : ping', async () => {
    const client = await app.login('client1@avenir.test');
    const res = await fetch(`${app.url}/api/events`, {
      headers: { cookie: client.cookie, accept: 'text/event-stream' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes(': ping')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text.startsWith('retry: 3000\n\n')).toBe(true);
    await reader.cancel();
  });

  it('pings every stream from one shared heartbeat timer, not a timer per stream', async () => {
    const client = await app.login('client4@avenir.test');
    const timers = vi.spyOn(globalThis, 'setInterval');
    let streams: SseStream[] = [];
    try {
      streams = await Promise.all([1, 2, 3, 4].map(() => client.sse()));
      await vi.waitFor(() =>
        expect(app.platform.hub.listenerCount(topics.user(client.user.id))).toBe(4),
      );
      expect(timers.mock.calls.length).toBeLessThanOrEqual(1); // the wheel starts with the first stream
    } finally {
      timers.mockRestore();
    }
    await Promise.all(streams.map((s) => vi.waitFor(() => expect(s.comments).toContain('ping'))));
    await Promise.all(streams.map((s) => s.close()));
  });

  it('delivers news to every signed-in stream and a notification to its recipient only', async () => {
    const advisor = await app.login('conseiller1@avenir.test');
    const c1 = await app.login('client1@avenir.test');
    const c2 = await app.login('client2@avenir.test');
    const c4 = await app.login('client4@avenir.test');
    const streams = await Promise.all([c1.sse(), c2.sse(), c4.sse(), advisor.sse()]);
    const [s1, s2, s4, sa] = streams;
    await vi.waitFor(() => expect(app.platform.hub.listenerCount(topics.user(c4.user.id))).toBe(1));

    const posted = await news(advisor);
    expect(posted.status).toBe(201);
    for (const s of streams) {
      const e = await s.next((e) => e.event === 'news' && e.data.id === posted.body.news.id);
      expect(e.data).toEqual(posted.body.news);
      expect(Number(e.id)).toBeGreaterThan(0);
    }

    const sent = await notify(advisor, c1.user.id, 'Pour client1 seulement');
    expect(sent.status).toBe(201);
    const got = await s1.next((e) => e.event === 'notification');
    expect(got.data).toEqual(sent.body.notification);
    // Streams are ordered: once a later news item arrived, the notification would have been there before it.
    const marker = await news(advisor);
    for (const s of [s2, s4, sa]) {
      await s.next((e) => e.event === 'news' && e.data.id === marker.body.news.id);
      expect(s.of('notification')).toEqual([]);
    }
    await Promise.all(streams.map((s) => s.close()));
  });

  it('closes the streams of a session at logout, not those of the user’s other sessions', async () => {
    const phone = await app.login('client3@avenir.test');
    const laptop = await app.login('client3@avenir.test');
    const a = await phone.sse();
    const b = await laptop.sse();
    await vi.waitFor(() =>
      expect(app.platform.hub.listenerCount(topics.user(phone.user.id))).toBe(2),
    );
    expect((await phone.post('/api/auth/logout')).status).toBe(204);
    await a.ended;
    const advisor = await app.login('conseiller1@avenir.test');
    const posted = await news(advisor);
    await b.next((e) => e.event === 'news' && e.data.id === posted.body.news.id);
    expect((await phone.sse()).status).toBe(401);
    await b.close();
  });

  it('closes a stream when its session expires', async () => {
    const client = await app.login('client5@avenir.test');
    const stream = await client.sse();
    await vi.waitFor(() =>
      expect(app.platform.hub.listenerCount(topics.user(client.user.id))).toBe(1),
    );
    const real = app.platform.clock;
    app.platform.clock = { now: () => new Date(Date.now() + 31 * 86_400_000) };
    try {
      await stream.ended; // the heartbeat notices the expiry and ends the stream
    } finally {
      app.platform.clock = real;
    }
    expect((await client.get('/api/me')).status).toBe(401);
  });

  it('detaches a stream from the hub when the client goes away', async () => {
    const client = await app.login('client6@avenir.test');
    const stream = await client.sse();
    await vi.waitFor(() =>
      expect(app.platform.hub.listenerCount(topics.user(client.user.id))).toBe(1),
    );
    await stream.close();
    await vi.waitFor(() =>
      expect(app.platform.hub.listenerCount(topics.user(client.user.id))).toBe(0),
    );
  });
});

describe('Last-Event-ID', () => {
  it('replays exactly what the user may see after a disconnect, then goes live', async () => {
    const advisor = await app.login('conseiller1@avenir.test');
    const c1 = await app.login('client1@avenir.test');
    const first = await c1.sse();
    const before = await news(advisor);
    const seen = await first.next((e) => e.data?.id === before.body.news.id);
    await first.close();

    // While client1 is away: news, notifications for them and for someone else, a read from another tab.
    const missed: string[] = [];
    const n1 = await news(advisor);
    missed.push(`news:${n1.body.news.id}`);
    const x1 = await notify(advisor, c1.user.id);
    missed.push(`notification:${x1.body.notification.id}`);
    await notify(advisor, (await app.login('client2@avenir.test')).user.id); // not theirs
    const n2 = await news(await app.login('directeur@avenir.test'));
    missed.push(`news:${n2.body.news.id}`);
    const x2 = await notify(advisor, c1.user.id);
    missed.push(`notification:${x2.body.notification.id}`);
    expect((await c1.post(`/api/notifications/${x1.body.notification.id}/read`)).status).toBe(204);
    missed.push(`notification.read:${JSON.stringify({ ids: [x1.body.notification.id] })}`);

    const again = await c1.sse({ 'last-event-id': seen.id! });
    const live = await news(advisor);
    await again.next((e) => e.data?.id === live.body.news.id);
    expect(trail(again.events)).toEqual([...missed, `news:${live.body.news.id}`]);
    expectIncreasingIds(again.events);
    expect(Number(again.events[0].id)).toBeGreaterThan(Number(seen.id));
    await again.close();
  });

  it('gives a fresh stream a resume point, so a drop before its first event loses nothing', async () => {
    const advisor = await app.login('conseiller1@avenir.test');
    const c1 = await app.login('client3@avenir.test');
    const fresh = await c1.sse();
    await vi.waitFor(() => expect(fresh.lastEventId).not.toBe(''));
    expect(Number(fresh.lastEventId)).toBe(lastEventId());
    expect(fresh.events).toEqual([]); // a bare id is no event
    await fresh.close();

    const meanwhile = await news(advisor);
    const again = await c1.sse({ 'last-event-id': fresh.lastEventId });
    await again.next((e) => e.data?.id === meanwhile.body.news.id);
    expect(trail(again.events)).toEqual([`news:${meanwhile.body.news.id}`]);
    await again.close();
  });

  it('has no gap and no duplicate when events are published during the replay', async () => {
    const director = staff('directeur@avenir.test');
    const advisor = await app.login('conseiller1@avenir.test');
    const c2 = await app.login('client2@avenir.test');
    const from = lastEventId();
    // More than two replay pages, published through the same service the route uses.
    const backlog: number[] = [];
    for (let i = 0; i < 450; i++)
      backlog.push(
        (await publishNews(app.platform, director, { title: `Arriéré ${i}`, body: '…' })).id,
      );

    // The moment the resuming stream subscribes (before it reads the table), publish more:
    // one synchronously (in the table and in the live buffer), and a burst over HTTP during the replay.
    const hub = app.platform.hub;
    const subscribe = hub.subscribe;
    let during: Promise<string[]> | undefined;
    const inside: string[] = [];
    hub.subscribe = (list, listener) => {
      const off = subscribe.call(hub, list, listener);
      if (list.includes(topics.user(c2.user.id)) && !during) {
        hub.subscribe = subscribe;
        void publishNews(app.platform, director, { title: 'Pendant', body: '…' }).then((n) =>
          inside.push(`news:${n.id}`),
        );
        during = Promise.all(
          Array.from({ length: 12 }, async (_, i) => {
            const res = i % 3 === 0 ? await notify(advisor, c2.user.id) : await news(advisor);
            return res.body.news
              ? `news:${res.body.news.id}`
              : `notification:${res.body.notification.id}`;
          }),
        );
      }
      return off;
    };
    const stream = await c2.sse({ 'last-event-id': String(from) });
    expect(during).toBeDefined();
    const concurrent = await during!;
    const all = new Set([...backlog.map((id) => `news:${id}`), ...inside, ...concurrent]);
    await vi.waitFor(() => expect(stream.events.length).toBeGreaterThanOrEqual(all.size), {
      timeout: 10_000,
    });
    const after = await news(advisor); // anything duplicated would show up before this one
    await stream.next((e) => e.data?.id === after.body.news.id);

    const got = trail(stream.events);
    expect(got.at(-1)).toBe(`news:${after.body.news.id}`);
    expect(new Set(got).size).toBe(got.length);
    expect(new Set(got.slice(0, -1))).toEqual(all);
    expectIncreasingIds(stream.events);
    // The events table agrees: exactly these ids, in this order.
    const visible = app.platform.db
      .select({ id: events.id, topic: events.topic })
      .from(events)
      .orderBy(asc(events.id))
      .all()
      .filter((e) => e.id > from && (e.topic === 'all' || e.topic === topics.user(c2.user.id)))
      .map((e) => String(e.id));
    expect(stream.events.map((e) => e.id)).toEqual(visible);
    await stream.close();
  });

  it('treats a malformed Last-Event-ID as none: no replay, no reset', async () => {
    const advisor = await app.login('conseiller2@avenir.test');
    const c4 = await app.login('client4@avenir.test');
    for (const bad of ['abc', '-1', '1e3', '12.5', ' ', '99999999999999999999']) {
      const stream = await c4.sse({ 'last-event-id': bad });
      await vi.waitFor(() =>
        expect(app.platform.hub.listenerCount(topics.user(c4.user.id))).toBe(1),
      );
      const live = await news(advisor);
      await stream.next((e) => e.data?.id === live.body.news.id);
      expect(trail(stream.events), bad).toEqual([`news:${live.body.news.id}`]);
      await stream.close();
      await vi.waitFor(() =>
        expect(app.platform.hub.listenerCount(topics.user(c4.user.id))).toBe(0),
      );
    }
  });

  it('sends reset for an id the server never issued (another database), then goes live', async () => {
    const advisor = await app.login('conseiller2@avenir.test');
    const c5 = await app.login('client5@avenir.test');
    const stream = await c5.sse({ 'last-event-id': String(lastEventId() + 1000) });
    const reset = await stream.next((e) => e.event === 'reset');
    expect(Number(reset.id)).toBe(lastEventId());
    const live = await news(advisor);
    await stream.next((e) => e.data?.id === live.body.news.id);
    expect(trail(stream.events)).toEqual(['reset:{}', `news:${live.body.news.id}`]);
    await stream.close();
  });
});

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

describe('read sync', () => {
  it('keeps unread counts and two streams of the same user in step', async () => {
    const advisor = await app.login('conseiller2@avenir.test');
    const tab1 = await app.login('client6@avenir.test');
    const tab2 = await app.login('client6@avenir.test');
    const neighbour = await app.login('client4@avenir.test');
    await tab1.post('/api/notifications/read-all');
    const streams: SseStream[] = [await tab1.sse(), await tab2.sse(), await neighbour.sse()];
    const [s1, s2, sn] = streams;
    await vi.waitFor(() =>
      expect(app.platform.hub.listenerCount(topics.user(tab1.user.id))).toBe(2),
    );
    const unread = async () => (await tab1.get('/api/notifications')).body.unreadCount;
    expect(await unread()).toBe(0);

    const a = (await notify(advisor, tab1.user.id)).body.notification;
    const b = (await notify(advisor, tab1.user.id)).body.notification;
    for (const s of [s1, s2]) await s.next((e) => e.event === 'notification' && e.data.id === b.id);
    expect(await unread()).toBe(2);

    expect((await tab1.post(`/api/notifications/${a.id}/read`)).status).toBe(204);
    for (const s of [s1, s2]) {
      const e = await s.next((e) => e.event === 'notification.read');
      expect(e.data).toEqual({ ids: [a.id] });
    }
    expect(await unread()).toBe(1);
    expect((await tab2.post(`/api/notifications/${a.id}/read`)).status).toBe(204); // already read: fine, no event

    expect((await tab2.post('/api/notifications/read-all')).status).toBe(204);
    for (const s of [s1, s2])
      await s.next((e) => e.event === 'notification.read' && e.data.all === true);
    expect(await unread()).toBe(0);
    expect(s1.of('notification.read').map((e) => e.data)).toEqual([{ ids: [a.id] }, { all: true }]);

    const marker = await news(advisor);
    await sn.next((e) => e.data?.id === marker.body.news.id);
    expect(sn.of('notification.read')).toEqual([]);
    expect(sn.of('notification')).toEqual([]);
    await Promise.all(streams.map((s) => s.close()));
  });
});
