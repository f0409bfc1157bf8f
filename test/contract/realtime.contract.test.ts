// WebSocket and SSE rules of API.md from the outside, on whichever host AVENIR_HOST names.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startContractHost, type ContractHost } from './host';
import type { Agent, SseEvent, TestSocket } from '../harness';

let app: ContractHost;
beforeAll(async () => {
  app = await startContractHost({ SSE_HEARTBEAT_MS: '200' });
}, 180_000);
afterAll(() => app?.stop());

const news = (a: Agent, title = 'Info') => a.post('/api/news', { title, body: 'Texte' });
const notify = (a: Agent, recipientId: number, title = 'Note') =>
  a.post('/api/notifications', { recipientId, kind: 'info', title, body: 'Texte' });
const trail = (events: SseEvent[]) => events.map((e) => `${e.event}:${e.data?.id ?? ''}`);
/** A ping round trip: every frame sent before it has arrived. */
const sync = async (s: TestSocket) => {
  const n = s.of('pong').length;
  s.send({ type: 'ping' });
  await s.next(() => s.of('pong').length > n);
};

describe('WebSocket /api/ws', () => {
  it('refuses no session (401) and a foreign Origin (403) before upgrading', async () => {
    await expect(app.anon().ws()).rejects.toMatchObject({ status: 401 });
    const client = await app.login('client1@avenir.test');
    await expect(client.ws({ origin: 'https://evil.example' })).rejects.toMatchObject({
      status: 403,
    });
  });

  it('sends ready, acks the sender, delivers message.new and typing to the other member', async () => {
    const client = await app.login('client1@avenir.test');
    const advisor = await app.login('conseiller1@avenir.test');
    const [c, a] = await Promise.all([client.ws(), advisor.ws()]);
    expect(c.frames[0]).toMatchObject({ type: 'ready', user: { id: client.user.id } });
    const conversationId = c.ready.conversationIds[0];
    expect(a.ready.conversationIds).toContain(conversationId);

    c.send({ type: 'typing', conversationId, isTyping: true });
    expect(await a.next((f) => f.type === 'typing')).toMatchObject({
      conversationId,
      isTyping: true,
      user: { id: client.user.id },
    });
    const clientId = `contract-${Date.now()}`;
    c.send({ type: 'message.send', conversationId, body: 'Bonjour !', clientId });
    const ack = await c.next((f) => f.type === 'message.ack');
    expect(ack).toMatchObject({ clientId, message: { body: 'Bonjour !', conversationId } });
    const delivered = await a.next((f) => f.type === 'message.new');
    expect(delivered.message.id).toBe(ack.message.id);
    await sync(c);
    expect(c.of('message.new')).toEqual([]); // the sending socket gets the ack only

    // a resend of the same clientId stores nothing new
    c.send({ type: 'message.send', conversationId, body: 'Bonjour !', clientId });
    const again = await c.next((f) => f.type === 'message.ack' && f !== ack);
    expect(again.message.id).toBe(ack.message.id);
    const page = await advisor.get(
      `/api/conversations/${conversationId}/messages?after=${ack.message.id - 1}`,
    );
    expect(page.body.items.filter((m: any) => m.clientId === clientId)).toHaveLength(1);

    c.send('not json');
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ code: 'bad_frame' });
    c.send({ type: 'message.send', conversationId: 999_999, body: 'x', clientId: 'y' });
    expect(await c.next((f) => f.type === 'error' && f.code !== 'bad_frame')).toMatchObject({
      code: 'forbidden',
    });
    await Promise.all([c.close(), a.close()]);
  });

  it('announces presence while a user has a socket, and the staff list shows it', async () => {
    const advisor = await app.login('conseiller2@avenir.test');
    const client = await app.login('client4@avenir.test');
    const staff = await advisor.ws();
    const online = async () =>
      (await advisor.get('/api/clients')).body.items.find((c: any) => c.id === client.user.id)
        .online;
    expect(await online()).toBe(false);
    const tab = await client.ws();
    expect(await staff.next((f) => f.type === 'presence' && f.userId === client.user.id)).toEqual({
      type: 'presence',
      userId: client.user.id,
      online: true,
    });
    expect(await online()).toBe(true);
    await tab.close();
    await staff.next((f) => f.type === 'presence' && f.userId === client.user.id && !f.online);
    expect(await online()).toBe(false);
    await staff.close();
  });
});

describe('Server-Sent Events /api/events', () => {
  it('refuses no session, starts with retry and pings, delivers news and own notifications', async () => {
    const refused = await app.anon().sse();
    expect(refused.status).toBe(401);
    const advisor = await app.login('conseiller1@avenir.test');
    const c1 = await app.login('client1@avenir.test');
    const c2 = await app.login('client2@avenir.test');
    const [s1, s2] = await Promise.all([c1.sse(), c2.sse()]);
    expect(s1.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(s1.headers.get('cache-control')).toContain('no-cache');
    const item = await news(advisor);
    await s1.next((e) => e.event === 'news' && e.data.id === item.body.news.id);
    await s2.next((e) => e.event === 'news' && e.data.id === item.body.news.id);
    const note = await notify(advisor, c1.user.id);
    await s1.next((e) => e.event === 'notification' && e.data.id === note.body.notification.id);
    const after = await news(advisor, 'Après');
    await s2.next((e) => e.data?.id === after.body.news.id);
    expect(s2.of('notification')).toEqual([]);
    expect(s1.retry).toBe(3000);
    await vi.waitFor(() => expect(s1.comments).toContain('ping'), { timeout: 5000 });
    await Promise.all([s1.close(), s2.close()]);
  });

  it('replays what followed Last-Event-ID, in order, then goes live', async () => {
    const advisor = await app.login('conseiller1@avenir.test');
    const c1 = await app.login('client2@avenir.test');
    const first = await c1.sse();
    const seenNews = await news(advisor);
    const seen = await first.next((e) => e.data?.id === seenNews.body.news.id);
    await first.close();
    const n1 = await news(advisor, 'Manquée 1');
    const x1 = await notify(advisor, c1.user.id, 'Manquée 2');
    await notify(advisor, (await app.login('client3@avenir.test')).user.id); // not theirs
    const again = await c1.sse({ 'last-event-id': seen.id! });
    const live = await news(advisor, 'En direct');
    await again.next((e) => e.data?.id === live.body.news.id);
    expect(trail(again.events)).toEqual([
      `news:${n1.body.news.id}`,
      `notification:${x1.body.notification.id}`,
      `news:${live.body.news.id}`,
    ]);
    const ids = again.events.map((e) => Number(e.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    await again.close();
  });

  it('sends reset for an id the server never issued', async () => {
    const c1 = await app.login('client3@avenir.test');
    const s = await c1.sse({ 'last-event-id': '999999999' });
    await s.next((e) => e.event === 'reset');
    await s.close();
  });
});

describe('logout', () => {
  it('closes the session’s sockets and streams, not those of the user’s other session', async () => {
    const tab = await app.login('client6@avenir.test');
    const other = await app.login('client6@avenir.test');
    const [ws, sse, otherWs] = await Promise.all([tab.ws(), tab.sse(), other.ws()]);
    expect((await tab.post('/api/auth/logout')).status).toBe(204);
    expect((await ws.closed).code).toBe(4001);
    await sse.ended;
    await sync(otherWs);
    expect((await tab.get('/api/me')).status).toBe(401);
    await otherWs.close();
  });
});
