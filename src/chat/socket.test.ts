import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/harness';
import {
  conversationsOf,
  freshClient,
  groupIdOf,
  messagesOf,
  signIn,
  refusedStatus,
  startAppForFile,
  sync,
  syncAll,
  uid,
} from './test-kit';

let app: TestApp;
startAppForFile((started) => (app = started));

describe('GET /api/ws upgrade', () => {
  it('refuses a missing session with 401 and a foreign or missing Origin with 403, before upgrading', async () => {
    expect(await refusedStatus(app, { origin: app.origin })).toBe(401);
    expect(await refusedStatus(app, { origin: app.origin, cookie: 'avenir_session=forged' })).toBe(
      401,
    );
    const client = await signIn(app, 'client1@avenir.test');
    expect(await refusedStatus(app, { origin: 'http://evil.example', cookie: client.cookie })).toBe(
      403,
    );
    expect(await refusedStatus(app, { cookie: client.cookie })).toBe(403);
    expect(await refusedStatus(app, { origin: 'null', cookie: client.cookie })).toBe(403);
    const plain = await client.get('/api/ws');
    expect(plain.status).toBe(426);
    expect(plain.body.error.code).toBe('upgrade_required');
  });

  it('sends ready first, with the user and every conversation id', async () => {
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    const sock = await advisor.ws();
    expect(sock.frames[0]).toEqual({
      type: 'ready',
      user: {
        id: advisor.user.id,
        firstName: 'Julien',
        lastName: 'Fabre',
        role: 'advisor',
      },
      conversationIds: expect.any(Array),
    });
    const ids = (await conversationsOf(advisor)).map((c) => c.id).sort((a, b) => a - b);
    expect(sock.ready.conversationIds).toEqual(ids);
    await sock.close();
  });
});

describe('message fan-out', () => {
  it('acks the sending socket and delivers message.new to every other socket of every member, and to no one else', async () => {
    const { agent: client, conversationId } = await freshClient(app);
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    const neighbour = await signIn(app, 'client1@avenir.test'); // same advisor, other conversation
    const otherAdvisor = await signIn(app, 'conseiller2@avenir.test');
    const director = await signIn(app, 'directeur@avenir.test');
    const [tab1, tab2, staff, n, o, d] = await Promise.all([
      client.ws(),
      client.ws(),
      advisor.ws(),
      neighbour.ws(),
      otherAdvisor.ws(),
      director.ws(),
    ]);

    const clientId = uid();
    tab1.send({ type: 'message.send', conversationId, body: ' Bonjour ! ', clientId });
    const ack = await tab1.next((f) => f.type === 'message.ack');
    expect(ack).toEqual({
      type: 'message.ack',
      clientId,
      message: expect.objectContaining({ conversationId, body: 'Bonjour !', clientId }),
    });
    const stored = (await messagesOf(client, conversationId)).body.items;
    expect(stored).toEqual([ack.message]);
    expect((await tab2.next((f) => f.type === 'message.new')).message).toEqual(ack.message);
    expect((await staff.next((f) => f.type === 'message.new')).message).toEqual(ack.message);

    await syncAll(tab1, tab2, staff, n, o, d);
    expect(tab1.of('message.new')).toEqual([]);
    expect(tab2.of('message.new')).toHaveLength(1);
    expect(staff.of('message.new')).toHaveLength(1);
    for (const outsider of [n, o, d]) expect(outsider.of('message.new')).toEqual([]);

    // A REST send reaches every socket of every member, the sender's included.
    const res = await advisor.post(`/api/conversations/${conversationId}/messages`, {
      body: 'Réponse',
      clientId: uid(),
    });
    expect(res.status).toBe(201);
    for (const s of [tab1, tab2, staff])
      expect(
        (await s.next((f) => f.type === 'message.new' && f.message.id === res.body.message.id))
          .message,
      ).toEqual(res.body.message);
    await syncAll(n, o, d);
    for (const outsider of [n, o, d]) expect(outsider.of('message.new')).toEqual([]);
    await Promise.all([tab1, tab2, staff, n, o, d].map((s) => s.close()));
  });

  it('delivers the group to the staff only, with the director marked', async () => {
    const director = await signIn(app, 'directeur@avenir.test');
    const advisor = await signIn(app, 'conseiller2@avenir.test');
    const client = await signIn(app, 'client4@avenir.test');
    const [d, a, c] = await Promise.all([director.ws(), advisor.ws(), client.ws()]);
    const group = await groupIdOf(director);
    d.send({ type: 'message.send', conversationId: group, body: 'Point à 9 h', clientId: uid() });
    const news = await a.next((f) => f.type === 'message.new');
    expect(news.message.sender).toMatchObject({ id: director.user.id, role: 'director' });
    await sync(c);
    expect(c.of('message.new')).toEqual([]);
    await Promise.all([d, a, c].map((s) => s.close()));
  });

  it('answers a resent clientId with the first message, stores and relays it once', async () => {
    const { agent: client, conversationId } = await freshClient(app);
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    const [sock, staff] = await Promise.all([client.ws(), advisor.ws()]);
    const clientId = uid();
    sock.send({ type: 'message.send', conversationId, body: 'une fois', clientId });
    sock.send({ type: 'message.send', conversationId, body: 'une fois', clientId });
    await sock.next(() => sock.of('message.ack').length === 2);
    const [a1, a2] = sock.of('message.ack');
    expect(a2).toEqual(a1);
    await sync(staff);
    expect(staff.of('message.new')).toHaveLength(1);
    expect((await messagesOf(client, conversationId)).body.items).toHaveLength(1);
    await Promise.all([sock.close(), staff.close()]);
  });
});
