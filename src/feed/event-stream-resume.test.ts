import { describe, expect, it, vi } from 'vitest';
import { asc } from 'drizzle-orm';
import { events } from '../db/schema';
import { publishNews } from './news';
import { topics } from '../realtime/hub';
import {
  app,
  expectIncreasingIds,
  lastEventId,
  news,
  notify,
  staff,
  startStreamApp,
  trail,
} from './test-kit';

startStreamApp();
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
