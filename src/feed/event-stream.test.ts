import { request } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { type SseStream } from '../../test/harness';
import { events } from '../db/schema';
import { topics } from '../realtime/hub';
import { app, news, notify, startStreamApp } from './test-kit';

startStreamApp();
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
