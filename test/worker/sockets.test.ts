import { env, runInDurableObject } from 'cloudflare:test';
import { expect, it } from 'vitest';
import { bankOf, gatewayOf, shardCount } from '../../src/hosts/worker/env';
import { shardOf } from '../../src/hosts/worker/hub';
import type { SocketAttachment } from '../../src/hosts/worker/sockets';
import { MAX_PENDING_WRITES_PER_SOCKET } from '../../src/chat/connection';
import { login, openSocket } from './helpers';

// The Worker host's sockets run the same connection core as Node's (src/chat/connection.ts):
// the same pressure caps, mirrored from src/chat/socket.test.ts's "per-socket queue" test.
it('answers writes past the per-socket queue with rate_limited at once, and handles the queued ones', async () => {
  const client = await login('client6@avenir.test');
  const sock = await openSocket(client.cookie);
  const ready = await sock.next((f) => f.type === 'ready');
  const conversationId = ready.conversationIds[0];
  const gateway = gatewayOf(env, shardOf(client.user.id, shardCount(env)));
  const att = await runInDurableObject(gateway, (_gw, state) => {
    const [ws] = state.getWebSockets(`ws:${client.user.id}`);
    return ws.deserializeAttachment() as SocketAttachment;
  });

  const extra = 8;
  const total = MAX_PENDING_WRITES_PER_SOCKET + extra;
  // Every frame reaches the Bank before the first one is handled (a burst the Gateway relayed).
  const replies = await runInDurableObject(bankOf(env), async (bank) => {
    const out: any[] = [];
    const calls = Array.from({ length: total }, (_, i) =>
      bank
        .socketFrame(
          att,
          JSON.stringify({
            type: 'message.send',
            conversationId,
            body: `q${i}`,
            clientId: `q${i}`,
          }),
        )
        .then((frames) => out.push(...frames.map((f) => JSON.parse(f)))),
    );
    await Promise.all(calls);
    return out;
  });

  const errors = replies.filter((f) => f.type === 'error');
  const busy = errors.filter((f) => f.code === 'rate_limited' && /en attente/.test(f.message));
  // The last frames were refused without being queued (or counted toward the send limit)…
  expect(busy.map((f) => f.clientId)).toEqual(
    Array.from({ length: extra }, (_, i) => `q${MAX_PENDING_WRITES_PER_SOCKET + i}`),
  );
  // …and the queued ones were handled in order: stored up to the send limit of 30, then refused.
  const acked = replies.filter((f) => f.type === 'message.ack').map((f) => f.clientId);
  expect(acked).toEqual(Array.from({ length: 30 }, (_, i) => `q${i}`));
  expect(errors).toHaveLength(total - 30);

  // The socket still answers (through the Bank: an unknown frame type is refused there).
  sock.send({ type: 'nope' });
  expect(await sock.next((f) => f.type === 'error')).toMatchObject({ code: 'bad_frame' });
  sock.ws.close(1000);
});
