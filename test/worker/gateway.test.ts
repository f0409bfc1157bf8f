import { env, runDurableObjectAlarm, runInDurableObject, SELF } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { bankOf, gatewayOf, shardCount } from '../../src/hosts/worker/env';
import { shardOf } from '../../src/hosts/worker/hub';
import type { SocketAttachment } from '../../src/hosts/worker/sockets';
import { sessions } from '../../src/db/schema';
import { login, openSocket, ORIGIN, readUntil } from './helpers';

const gatewayFor = (userId: number) => gatewayOf(env, shardOf(userId, shardCount(env)));

it('carries a chat through the Gateways: ready, ack to the sender, message.new to the advisor', async () => {
  const client = await login('client1@avenir.test');
  const advisor = await login('conseiller1@avenir.test');
  const c = await openSocket(client.cookie);
  const a = await openSocket(advisor.cookie);
  const ready = await c.next((f) => f.type === 'ready');
  expect(c.frames[0]).toBe(ready);
  const conversationId = ready.conversationIds[0];
  c.send({ type: 'message.send', conversationId, body: 'Bonjour', clientId: 'w1' });
  const ack = await c.next((f) => f.type === 'message.ack');
  const delivered = await a.next((f) => f.type === 'message.new');
  expect(delivered.message.id).toBe(ack.message.id);

  // The socket is the Gateway's, tagged and carrying its attachment (what survives hibernation).
  await runInDurableObject(gatewayFor(client.user.id), (_gw, state) => {
    const [ws] = state.getWebSockets(`ws:${client.user.id}`);
    const att = ws.deserializeAttachment() as SocketAttachment;
    expect(att.userId).toBe(client.user.id);
    expect(state.getTags(ws)).toContain(`session:${att.sessionId}`);
  });
  c.ws.close(1000);
  a.ws.close(1000);
});

it('answers the JSON ping without waking the Gateway, and its alarm closes ended sessions', async () => {
  const client = await login('client2@avenir.test');
  const c = await openSocket(client.cookie);
  await c.next((f) => f.type === 'ready');
  c.send({ type: 'ping' });
  await c.next((f) => f.type === 'pong');
  const gateway = gatewayFor(client.user.id);
  const sessionId = await runInDurableObject(gateway, (_gw, state) => {
    const [ws] = state.getWebSockets(`ws:${client.user.id}`);
    // An auto-response leaves a timestamp: the runtime answered it, not the object.
    expect(state.getWebSocketAutoResponseTimestamp(ws)).toBeInstanceOf(Date);
    return (ws.deserializeAttachment() as SocketAttachment).sessionId;
  });

  // The session goes (expired, say) without a logout: the next sweep closes its socket.
  await runInDurableObject(bankOf(env), (bank) => {
    bank.platform.db.delete(sessions).where(eq(sessions.id, sessionId)).run();
  });
  expect(await runDurableObjectAlarm(gateway)).toBe(true);
  expect((await c.closed()).code).toBe(4001);
});

it('replays on /api/events what followed Last-Event-ID, in order', async () => {
  const advisor = await login('conseiller1@avenir.test');
  const client = await login('client3@avenir.test');
  const events = (headers: Record<string, string> = {}) =>
    SELF.fetch(`${ORIGIN}/api/events`, { headers: { cookie: client.cookie, ...headers } });
  const post = (title: string) =>
    SELF.fetch(`${ORIGIN}/api/news`, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: advisor.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ title, body: 'Texte' }),
    });
  // A fresh stream's bare id is where a reconnect resumes.
  const fresh = await events();
  expect(fresh.headers.get('content-type')).toMatch(/text\/event-stream/);
  const start = /\nid: (\d+)\n/.exec(await readUntil(fresh, (t) => /\nid: \d+\n/.test(t)))![1];
  expect((await post('Manquée 1')).status).toBe(201);
  expect((await post('Manquée 2')).status).toBe(201);
  const text = await readUntil(await events({ 'last-event-id': start }), (t) =>
    t.includes('Manquée 2'),
  );
  expect(text.startsWith('retry: 3000')).toBe(true);
  expect(text.indexOf('Manquée 1')).toBeGreaterThan(0);
  expect(text.indexOf('Manquée 1')).toBeLessThan(text.indexOf('Manquée 2'));
});

it('runs scheduled work on the Bank’s alarm', async () => {
  expect(await runDurableObjectAlarm(bankOf(env))).toBe(true);
});
