/**
 * The « Limites » table, each limit driven from outside: REST answers 429
 * rate_limited with Retry-After, sockets get an `error` frame rate_limited, and
 * what a limit refuses is neither stored nor relayed.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestApp, type Agent, type Res, type TestApp } from '../../test/harness';
import { news, notifications, pushSubscriptions } from '../db/schema';
import { createBrowserSubscription } from '../push/testing/push-service';
import { topics } from '../realtime/hub';
import { freshClient, signIn, sync, syncAll } from '../chat/test-kit';
import { LIMITS, MAX_CONNECTIONS_PER_USER } from './limits';

const PUSH_ORIGIN = 'https://127.0.0.1:8443';
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ PUSH_ALLOWED_ORIGINS: PUSH_ORIGIN });
});
afterAll(() => app?.stop());

function expectLimited(res: Res) {
  expect(res.status).toBe(429);
  expect(res.body.error.code).toBe('rate_limited');
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

const notify = (from: Agent, recipientId: number, kind = 'info') =>
  from.post('/api/notifications', { recipientId, kind, title: 'Bonjour', body: 'Un mot.' });
const countWhere = (table: typeof news | typeof notifications, rows = app.platform.db) =>
  rows.select().from(table).all().length;

describe('REST limits', () => {
  it('news: the post past LIMITS.newsPosts per author gets 429 and is not stored', async () => {
    const author = await signIn(app, 'conseiller2@avenir.test');
    const post = (i: number) => author.post('/api/news', { title: `Actu ${i}`, body: '…' });
    for (let i = 0; i < LIMITS.newsPosts.count; i++) expect((await post(i)).status).toBe(201);
    const before = countWhere(news);
    expectLimited(await post(-1));
    expect(countWhere(news)).toBe(before);
    // Another author still posts.
    expect(
      (
        await (
          await signIn(app, 'directeur@avenir.test')
        ).post('/api/news', {
          title: 'Direction',
          body: '…',
        })
      ).status,
    ).toBe(201);
  });

  it('notifications: limited per sender, per recipient (all senders) and for alerts', async () => {
    const director = await signIn(app, 'directeur@avenir.test');
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    const [a, b, c] = [await freshClient(app), await freshClient(app), await freshClient(app)];

    // Alerts (high-urgency pushes) to one client: a few, then 429; other kinds still pass.
    for (let i = 0; i < LIMITS.alertsReceived.count; i++)
      expect((await notify(advisor, a.id, 'alert')).status).toBe(201);
    expectLimited(await notify(advisor, a.id, 'alert'));
    expect((await notify(advisor, a.id, 'info')).status).toBe(201);

    // Per recipient, whoever sends: the director is refused once the advisor filled b's quota.
    for (let i = 0; i < LIMITS.notificationsReceived.count; i++)
      expect((await notify(advisor, b.id)).status).toBe(201);
    const before = countWhere(notifications);
    expectLimited(await notify(director, b.id));
    expectLimited(await notify(advisor, b.id));
    expect(countWhere(notifications)).toBe(before);

    // Per sender: the director spreads over clients (under each one's quota) and is refused past 60.
    const spread = [c.id, (await freshClient(app)).id, (await freshClient(app)).id];
    for (let i = 0; i < LIMITS.notificationsSent.count - 1; i++) {
      const res = await notify(director, spread[i % spread.length]);
      expect(res.status, `send ${i}`).toBe(201);
    }
    expectLimited(await notify(director, c.id));
    expect(countWhere(notifications)).toBe(before + LIMITS.notificationsSent.count - 1);
  });

  it('push subscriptions: the one past LIMITS.pushSubscriptions per user gets 429', async () => {
    const { agent, id } = await freshClient(app);
    const subscribe = () => {
      const sub = createBrowserSubscription(`${PUSH_ORIGIN}/push/${Math.random()}`);
      return agent.post('/api/push/subscriptions', { endpoint: sub.endpoint, keys: sub.keys });
    };
    for (let i = 0; i < LIMITS.pushSubscriptions.count; i++)
      expect((await subscribe()).status).toBe(201);
    expectLimited(await subscribe());
    const kept = app.platform.db
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.userId, id))
      .all();
    expect(kept).toHaveLength(LIMITS.pushSubscriptions.count);
  });
});

describe('connections per user', () => {
  it('refuses the WebSocket past the cap with 429 before the upgrade, even when opened all at once', async () => {
    const { agent, id } = await freshClient(app);
    const tries = await Promise.allSettled(
      Array.from({ length: MAX_CONNECTIONS_PER_USER + 5 }, () => agent.ws()),
    );
    const open = tries.flatMap((t) => (t.status === 'fulfilled' ? [t.value] : []));
    expect(open.length).toBeLessThanOrEqual(MAX_CONNECTIONS_PER_USER);
    await vi.waitFor(() =>
      expect(app.platform.hub.listenerCount(topics.sockets(id))).toBe(open.length),
    );
    // Fill up to the cap, then one more: 429 before the upgrade.
    while (open.length < MAX_CONNECTIONS_PER_USER) open.push(await agent.ws());
    const refused = await agent.ws().catch((err) => err);
    expect(refused.status).toBe(429);
    // Closing one frees a place.
    await open.pop()!.close();
    await vi.waitFor(() =>
      expect(app.platform.hub.listenerCount(topics.sockets(id))).toBe(open.length),
    );
    open.push(await agent.ws());
    await Promise.all(open.map((s) => s.close()));
  });

  it('refuses the SSE stream past the cap with 429; closing one frees a place', async () => {
    const { agent, id } = await freshClient(app);
    const streams = await Promise.all(
      Array.from({ length: MAX_CONNECTIONS_PER_USER + 5 }, () => agent.sse()),
    );
    const open = streams.filter((s) => s.status === 200);
    expect(open).toHaveLength(MAX_CONNECTIONS_PER_USER);
    const refused = streams.filter((s) => s.status !== 200);
    expect(refused.map((s) => s.status)).toEqual([429, 429, 429, 429, 429]);
    expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await open.pop()!.close();
    await vi.waitFor(() =>
      expect(app.platform.hub.listenerCount(topics.user(id))).toBe(open.length),
    );
    const again = await agent.sse();
    expect(again.status).toBe(200);
    await Promise.all([...open, again].map((s) => s.close()));
  });
});

describe('socket frame limits', () => {
  it('does not relay 2,000 typing frames one for one: repeats coalesce, changes are limited', async () => {
    const { agent: client, conversationId } = await freshClient(app);
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    const [typist, peer] = await Promise.all([client.ws(), advisor.ws()]);
    const typingSeen = () => peer.of('typing').filter((f) => f.conversationId === conversationId);

    for (let i = 0; i < 2000; i++) typist.send({ type: 'typing', conversationId, isTyping: true });
    await syncAll(typist, peer);
    await sync(peer);
    expect(typingSeen()).toHaveLength(1);

    for (let i = 0; i < 2000; i++)
      typist.send({ type: 'typing', conversationId, isTyping: i % 2 === 1 });
    await sync(typist);
    await sync(peer);
    expect(typingSeen().length).toBeLessThanOrEqual(LIMITS.typingRelays.count);
    expect(typist.of('error').length).toBeGreaterThan(0);
    expect(typist.of('error').every((f) => f.code === 'rate_limited')).toBe(true);
    await Promise.all([typist.close(), peer.close()]);
  });

  it('answers LIMITS.pings pings per socket in the window, then rate_limited', async () => {
    const { agent } = await freshClient(app);
    const sock = await agent.ws();
    for (let i = 0; i < 100; i++) sock.send({ type: 'ping' });
    await sock.next(() => sock.of('pong').length + sock.of('error').length === 100);
    expect(sock.of('pong')).toHaveLength(LIMITS.pings.count);
    expect(sock.of('error')[0]).toMatchObject({ type: 'error', code: 'rate_limited' });
    await sock.close();
  });
});
