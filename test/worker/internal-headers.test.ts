// The host's own hand-over headers (x-avenir-*) sent by a client change nothing.
import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { expect, it } from 'vitest';
import { gatewayOf, shardCount } from '../../src/hosts/worker/env';
import { shardOf } from '../../src/hosts/worker/hub';
import { SOCKET_HEADER } from '../../src/hosts/worker/gateway';
import { STREAM_HEADER } from '../../src/hosts/worker/streams';
import type { SocketAttachment } from '../../src/hosts/worker/sockets';
import { login, ORIGIN, readUntil } from './helpers';

const gatewayFor = (userId: number) => gatewayOf(env, shardOf(userId, shardCount(env)));

it('a client-sent x-avenir-stream on /api/ws opens the caller’s own socket, never a stream for another user', async () => {
  const client = await login('client3@avenir.test');
  const victim = await login('client4@avenir.test');
  const forged = JSON.stringify({
    userId: victim.user.id,
    sessionId: 'forged',
    expiresAt: Date.now() + 3_600_000,
    lastId: 0,
  });
  for (const value of [forged, '{not json', '']) {
    const res = await SELF.fetch(`${ORIGIN}/api/ws`, {
      headers: {
        upgrade: 'websocket',
        origin: ORIGIN,
        cookie: client.cookie,
        [STREAM_HEADER]: value,
      },
    });
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    ws.accept();
    ws.close(1000);
  }
  // Without a session, the forged header is no key either.
  const anon = await SELF.fetch(`${ORIGIN}/api/ws`, {
    headers: { upgrade: 'websocket', origin: ORIGIN, [STREAM_HEADER]: forged },
  });
  expect(anon.status).toBe(401);
});

it('a client-sent x-avenir-socket naming another user is ignored: the socket is the caller’s', async () => {
  const client = await login('client5@avenir.test');
  const other = await login('client6@avenir.test');
  const att: SocketAttachment = {
    connId: 'forged',
    userId: other.user.id,
    sessionId: 'forged',
    openedAt: Date.now(),
  };
  const res = await SELF.fetch(`${ORIGIN}/api/ws`, {
    headers: {
      upgrade: 'websocket',
      origin: ORIGIN,
      cookie: client.cookie,
      [SOCKET_HEADER]: JSON.stringify(att),
    },
  });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  await runInDurableObject(gatewayFor(other.user.id), (_gw, state) => {
    expect(state.getWebSockets(`ws:${other.user.id}`)).toHaveLength(0);
  });
  await runInDurableObject(gatewayFor(client.user.id), (_gw, state) => {
    const [socket] = state.getWebSockets(`ws:${client.user.id}`);
    expect((socket.deserializeAttachment() as SocketAttachment).connId).not.toBe('forged');
  });
  ws.close(1000);
});

it('a client-sent x-avenir-stream on /api/events streams the caller’s own events; a bad value is no 500', async () => {
  const client = await login('client2@avenir.test');
  for (const value of ['{not json', JSON.stringify({ userId: 1, sessionId: 'x', lastId: 0 })]) {
    const res = await SELF.fetch(`${ORIGIN}/api/events`, {
      headers: { cookie: client.cookie, [STREAM_HEADER]: value },
    });
    expect(res.status).toBe(200);
    await readUntil(res, (text) => text.includes('event: ready') || text.length > 0);
  }
  const anon = await SELF.fetch(`${ORIGIN}/api/events`, {
    headers: { [STREAM_HEADER]: JSON.stringify({ userId: 1, sessionId: 'x', lastId: 0 }) },
  });
  expect(anon.status).toBe(401);
});
