import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/harness';
import { SOCKET_CLOSE_SESSION_ENDED } from '../realtime/protocol';
import { MAX_PENDING_WRITES_PER_SOCKET } from './socket';
import { freshClient, messagesOf, refusedStatus, signIn, startAppForFile, sync } from './test-kit';

let app: TestApp;
startAppForFile((started) => (app = started));

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
    expect(await refusedStatus(app, { origin: app.origin, cookie })).toBe(401);
    await b.close();
  });
});
