import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Agent, TestApp, TestSocket } from '../../test/harness';
import { SOCKET_CLOSE_SESSION_ENDED } from '../realtime/protocol';
import { MAX_PENDING_WRITES_PER_SOCKET } from './socket';
import {
  conversationsOf,
  freshClient,
  groupIdOf,
  messagesOf,
  outsidersCast,
  signIn,
  startAppForFile,
  sync,
  syncAll,
  uid,
} from './test-kit';
import { NEWCOMER_PROFILE } from '../../test/newcomer';

let app: TestApp;
startAppForFile((started) => (app = started));

const wsUrl = () => app.url.replace(/^http/, 'ws') + '/api/ws';

/** The upgrade's HTTP answer when it is refused. */
async function refusedStatus(headers: Record<string, string>) {
  const ws = new WebSocket(wsUrl(), { headers });
  return new Promise<number>((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode!));
    ws.once('open', () => reject(new Error('upgrade accepted')));
    ws.once('error', reject);
  });
}

describe('GET /api/ws upgrade', () => {
  it('refuses a missing session with 401 and a foreign or missing Origin with 403, before upgrading', async () => {
    expect(await refusedStatus({ origin: app.origin })).toBe(401);
    expect(await refusedStatus({ origin: app.origin, cookie: 'avenir_session=forged' })).toBe(401);
    const client = await signIn(app, 'client1@avenir.test');
    expect(await refusedStatus({ origin: 'http://evil.example', cookie: client.cookie })).toBe(403);
    expect(await refusedStatus({ cookie: client.cookie })).toBe(403);
    expect(await refusedStatus({ origin: 'null', cookie: client.cookie })).toBe(403);
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

describe('frame validation', () => {
  it('answers bad frames with bad_frame and invalid fields with validation_failed, storing nothing and keeping the socket', async () => {
    const { agent: client, conversationId } = await freshClient(app);
    const sock = await client.ws();
    const errors = () => sock.of('error');
    const expectError = async (raw: string | Buffer, code: string, clientId?: string) => {
      const n = errors().length;
      sock.ws.send(raw);
      await sock.next(() => errors().length > n);
      const err = errors()[n];
      expect(err, String(raw).slice(0, 60)).toMatchObject({
        type: 'error',
        code,
        message: expect.any(String),
      });
      expect(err.clientId).toBe(clientId);
    };
    await expectError('pas du json', 'bad_frame');
    await expectError('[1,2]', 'bad_frame');
    await expectError('null', 'bad_frame');
    await expectError('{"type":"message.delete","id":1}', 'bad_frame');
    await expectError('{"conversationId":1}', 'bad_frame');
    await expectError(Buffer.from('{"type":"ping"}'), 'bad_frame'); // binary
    const big = JSON.stringify({
      type: 'message.send',
      conversationId,
      body: 'x'.repeat(17 * 1024),
      clientId: 'big',
    });
    await expectError(big, 'bad_frame');

    const send = (fields: object) =>
      JSON.stringify({ type: 'message.send', conversationId, ...fields });
    await expectError(send({ body: '', clientId: 'e1' }), 'validation_failed', 'e1');
    await expectError(send({ body: '  \n ', clientId: 'e2' }), 'validation_failed', 'e2');
    await expectError(send({ body: 'x'.repeat(4001), clientId: 'e3' }), 'validation_failed', 'e3');
    await expectError(send({ body: 'ok', clientId: '' }), 'validation_failed');
    await expectError(send({ body: 'ok', clientId: 'x'.repeat(65) }), 'validation_failed');
    await expectError(send({ body: 'ok' }), 'validation_failed');
    await expectError(
      JSON.stringify({ type: 'message.send', conversationId: 'un', body: 'ok', clientId: 'e4' }),
      'validation_failed',
      'e4',
    );
    await expectError(
      JSON.stringify({ type: 'typing', conversationId, isTyping: 'oui' }),
      'validation_failed',
    );
    await expectError(
      JSON.stringify({ type: 'read', conversationId, messageId: -1 }),
      'validation_failed',
    );

    await sync(sock); // still open and answering
    expect(sock.of('message.ack')).toEqual([]);
    expect((await messagesOf(client, conversationId)).body.items).toEqual([]);
    await sock.close();
  });
});

describe('authorization of frames', () => {
  it('refuses send, typing and read to non-members with forbidden, storing and relaying nothing', async () => {
    const { client1, client2, client4, advisor1, c2, c4, group } = await outsidersCast(app);
    const advisor2 = await signIn(app, 'conseiller2@avenir.test');
    const director = await signIn(app, 'directeur@avenir.test');
    const socks = new Map<Agent, TestSocket>();
    for (const a of [client1, client2, client4, advisor1, advisor2, director])
      socks.set(a, await a.ws());
    const lastId = async (reader: Agent, id: number) =>
      (await messagesOf(reader, id, '?limit=1')).body.items[0]?.id;

    const matrix: [string, Agent, number, Agent[]][] = [
      ['client → another client of the same advisor', client1, c2, [client2, advisor1]],
      ['client → another advisor’s client', client1, c4, [client4, advisor2]],
      ['client → group', client1, group, [advisor1, advisor2, director]],
      ['advisor → another advisor’s client', advisor1, c4, [client4, advisor2]],
      ['unknown conversation', client1, 999_999, []],
    ];
    for (const [label, intruder, conversationId, members] of matrix) {
      const sock = socks.get(intruder)!;
      const reader = members[0];
      const before = reader ? await lastId(reader, conversationId) : undefined;
      const n = sock.of('error').length;
      const clientId = uid();
      sock.send({ type: 'message.send', conversationId, body: 'intrus', clientId });
      sock.send({ type: 'typing', conversationId, isTyping: true });
      sock.send({ type: 'read', conversationId, messageId: before ?? 1 });
      await sock.next(() => sock.of('error').length >= n + 3);
      const errs = sock.of('error').slice(n);
      expect(
        errs.map((e) => e.code),
        label,
      ).toEqual(['forbidden', 'forbidden', 'forbidden']);
      expect(errs[0].clientId).toBe(clientId);
      expect(sock.of('message.ack')).toEqual([]);
      if (reader) expect(await lastId(reader, conversationId), label).toBe(before);
      for (const m of members) {
        const s = socks.get(m)!;
        await sync(s);
        const about = (f: any) =>
          f.conversationId === conversationId || f.message?.conversationId === conversationId;
        const leaked = s.frames.filter(
          (f) => ['message.new', 'typing', 'read'].includes(f.type) && about(f),
        );
        expect(leaked, label).toEqual([]);
      }
    }
    await Promise.all([...socks.values()].map((s) => s.close()));
  });
});

describe('typing, read and presence', () => {
  it('relays typing to the other members only and clears it when the typist disconnects', async () => {
    const { agent: client, conversationId } = await freshClient(app);
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    const neighbour = await signIn(app, 'client2@avenir.test');
    const [tab1, tab2, staff, n] = await Promise.all([
      client.ws(),
      client.ws(),
      advisor.ws(),
      neighbour.ws(),
    ]);
    tab1.send({ type: 'typing', conversationId, isTyping: true });
    const typing = await staff.next((f) => f.type === 'typing');
    expect(typing).toEqual({
      type: 'typing',
      conversationId,
      user: { id: client.user.id, firstName: 'Test', lastName: expect.any(String), role: 'client' },
      isTyping: true,
    });
    await syncAll(tab1, tab2, n);
    for (const s of [tab1, tab2, n]) expect(s.of('typing')).toEqual([]);

    await tab1.close();
    expect(await staff.next((f) => f.type === 'typing' && f.isTyping === false)).toMatchObject({
      conversationId,
      user: { id: client.user.id },
    });
    await Promise.all([tab2.close(), staff.close(), n.close()]);
  });

  it('persists read markers and relays them to the other members and the reader’s other tabs', async () => {
    const { agent: client, conversationId } = await freshClient(app);
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    const [tab1, tab2, staff] = await Promise.all([client.ws(), client.ws(), advisor.ws()]);
    const sent = await advisor.post(`/api/conversations/${conversationId}/messages`, {
      body: 'Lu ?',
      clientId: uid(),
    });
    const messageId = sent.body.message.id;
    expect((await conversationsOf(client)).find((c) => c.id === conversationId).unreadCount).toBe(
      1,
    );

    tab1.send({ type: 'read', conversationId, messageId });
    const frame = { type: 'read', conversationId, userId: client.user.id, messageId };
    expect(await staff.next((f) => f.type === 'read')).toEqual(frame);
    expect(await tab2.next((f) => f.type === 'read')).toEqual(frame);
    await sync(tab1);
    expect(tab1.of('read')).toEqual([]);
    expect((await conversationsOf(client)).find((c) => c.id === conversationId).unreadCount).toBe(
      0,
    );

    // Going backwards changes and relays nothing.
    tab1.send({ type: 'read', conversationId, messageId: messageId });
    await syncAll(tab1, staff);
    expect(staff.of('read')).toHaveLength(1);
    await Promise.all([tab1.close(), tab2.close(), staff.close()]);
  });

  it('announces presence to people sharing a conversation, while the user has at least one socket', async () => {
    const { agent: client } = await freshClient(app, 'conseiller2@avenir.test');
    const advisor = await signIn(app, 'conseiller2@avenir.test');
    const outsider = await signIn(app, 'client1@avenir.test');
    const [staff, out] = await Promise.all([advisor.ws(), outsider.ws()]);
    const listed = async () =>
      (await advisor.get('/api/clients')).body.items.find((c: any) => c.id === client.user.id)
        .online;
    expect(await listed()).toBe(false);

    const tab1 = await client.ws();
    // The newcomer learns who is already online right after ready.
    expect(tab1.frames[1]).toEqual({ type: 'presence', userId: advisor.user.id, online: true });
    expect(await staff.next((f) => f.type === 'presence' && f.userId === client.user.id)).toEqual({
      type: 'presence',
      userId: client.user.id,
      online: true,
    });
    expect(await listed()).toBe(true);
    const tab2 = await client.ws();
    await tab1.close();
    await sync(staff);
    expect(staff.of('presence').filter((f) => f.userId === client.user.id)).toHaveLength(1);
    expect(await listed()).toBe(true);

    await tab2.close();
    expect(
      await staff.next((f) => f.type === 'presence' && f.userId === client.user.id && !f.online),
    ).toBeTruthy();
    expect(await listed()).toBe(false);
    await sync(out);
    expect(out.of('presence').filter((f) => f.userId === client.user.id)).toEqual([]);
    await Promise.all([staff.close(), out.close()]);
  });

  it('tells the advisor of a new client’s conversation as soon as the client registers', async () => {
    const advisors = [
      await signIn(app, 'conseiller1@avenir.test'),
      await signIn(app, 'conseiller2@avenir.test'),
    ];
    const socks = await Promise.all(advisors.map((a) => a.ws()));
    const email = `nouveau-${uid()}@avenir.test`;
    const res = await app.anon().post('/api/auth/register', {
      ...NEWCOMER_PROFILE,
      email,
      password: 'Un-mot-de-passe-1',
      firstName: 'Nina',
      lastName: 'Nouvelle',
    });
    expect(res.status).toBe(202);
    const frame = await Promise.race(
      socks.map((s) => s.next((f) => f.type === 'conversation.new')),
    );
    expect(frame.conversation).toMatchObject({
      kind: 'private',
      title: 'Nina Nouvelle',
      lastMessage: null,
      unreadCount: 0,
    });
    const advisorId = frame.conversation.participants.find((u: any) => u.role === 'advisor').id;
    const owner = advisors.find((a) => a.user.id === advisorId)!;
    expect((await conversationsOf(owner)).some((c) => c.id === frame.conversation.id)).toBe(true);
    const other = socks[advisors.indexOf(owner) === 0 ? 1 : 0];
    await sync(other);
    expect(other.of('conversation.new')).toEqual([]);
    await Promise.all(socks.map((s) => s.close()));
  });
});

describe('limits and session end', () => {
  it('refuses the 31st send within 10 s with rate_limited and stores nothing (REST too)', async () => {
    const { agent: client, conversationId } = await freshClient(app);
    const sock = await client.ws();
    for (let i = 0; i < 31; i++)
      sock.send({ type: 'message.send', conversationId, body: `m${i}`, clientId: `r${i}` });
    await sock.next(() => sock.of('message.ack').length + sock.of('error').length === 31);
    expect(sock.of('message.ack')).toHaveLength(30);
    expect(sock.of('error')).toEqual([
      { type: 'error', code: 'rate_limited', message: expect.any(String), clientId: 'r30' },
    ]);
    const rest = await client.post(`/api/conversations/${conversationId}/messages`, {
      body: 'encore',
      clientId: 'r31',
    });
    expect(rest.status).toBe(429);
    expect(rest.body.error.code).toBe('rate_limited');
    expect(Number(rest.headers.get('retry-after'))).toBeGreaterThan(0);
    const stored = (await messagesOf(client, conversationId, '?limit=100')).body.items;
    expect(stored.map((m: any) => m.clientId)).toEqual(
      Array.from({ length: 30 }, (_, i) => `r${i}`),
    );
    await sock.close();
  });

  it('answers writes past the per-socket queue with rate_limited at once, and handles the queued ones', async () => {
    const { agent: client, conversationId } = await freshClient(app);
    const sock = await client.ws();
    const extra = 8;
    const total = MAX_PENDING_WRITES_PER_SOCKET + extra;
    // One TCP write: every frame is read before the first one is handled.
    const tcp = (sock.ws as unknown as { _socket: import('node:net').Socket })._socket;
    tcp.cork();
    for (let i = 0; i < total; i++)
      sock.send({ type: 'message.send', conversationId, body: `q${i}`, clientId: `q${i}` });
    tcp.uncork();
    await sock.next(() => sock.of('message.ack').length + sock.of('error').length === total);
    const refusedBusy = sock
      .of('error')
      .filter((f) => f.code === 'rate_limited' && /en attente/.test(f.message))
      .map((f) => f.clientId);
    // The last frames were refused without being queued (or counted toward the send limit)…
    expect(refusedBusy).toEqual(
      Array.from({ length: extra }, (_, i) => `q${MAX_PENDING_WRITES_PER_SOCKET + i}`),
    );
    // …and the queued ones were handled in order: stored up to the send limit of 30, then refused.
    const acked = sock.of('message.ack').map((f) => f.clientId);
    expect(acked).toEqual(Array.from({ length: 30 }, (_, i) => `q${i}`));
    expect(sock.of('error')).toHaveLength(total - 30);
    const stored = (await messagesOf(client, conversationId, '?limit=100')).body.items;
    expect(stored.map((m: any) => m.clientId)).toEqual(acked);
    await sync(sock); // the socket still answers
    await sock.close();
  });

  it('answers a retry of a stored clientId with its message even at the send limit (WS and REST)', async () => {
    const { agent: client, conversationId } = await freshClient(app);
    const sock = await client.ws();
    for (let i = 0; i < 30; i++)
      sock.send({ type: 'message.send', conversationId, body: `m${i}`, clientId: `k${i}` });
    await sock.next(() => sock.of('message.ack').length === 30);
    const first = sock.of('message.ack')[3].message;
    // The limit is used up; retries (a lost ack, a reconnect) still get their first message.
    const seen = sock.frames.length;
    const after = (f: unknown) => sock.frames.indexOf(f) >= seen;
    sock.send({ type: 'message.send', conversationId, body: 'm3', clientId: 'k3' });
    const again = await sock.next(after);
    expect(again).toEqual({ type: 'message.ack', clientId: 'k3', message: first });
    const rest = await client.post(`/api/conversations/${conversationId}/messages`, {
      body: 'm7',
      clientId: 'k7',
    });
    expect(rest.status).toBe(201);
    expect(rest.body.message).toEqual(sock.of('message.ack')[7].message);
    // A new message is still refused.
    sock.send({ type: 'message.send', conversationId, body: 'nouveau', clientId: 'k30' });
    const refused = await sock.next((f) => after(f) && f.type !== 'message.ack');
    expect(refused).toMatchObject({ code: 'rate_limited', clientId: 'k30' });
    await sock.close();
  });

  it('closes the sockets of a session when it logs out, and only those', async () => {
    const { agent: first } = await freshClient(app);
    const second = await signIn(app, first.user.email);
    const [a1, a2, b] = await Promise.all([first.ws(), first.ws(), second.ws()]);
    const cookie = first.cookie;
    expect((await first.post('/api/auth/logout')).status).toBe(204);
    expect((await a1.closed).code).toBe(SOCKET_CLOSE_SESSION_ENDED);
    expect((await a2.closed).code).toBe(SOCKET_CLOSE_SESSION_ENDED);
    await sync(b);
    expect(await refusedStatus({ origin: app.origin, cookie })).toBe(401);
    await b.close();
  });
});
