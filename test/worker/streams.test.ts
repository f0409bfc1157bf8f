// /api/events on the Worker host: the streams live in the user's Gateway, which replays from the Bank.
import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { expect, it } from 'vitest';
import { bankOf, gatewayOf, shardCount } from '../../src/hosts/worker/env';
import { shardOf } from '../../src/hosts/worker/hub';
import { appendEventTx } from '../../src/realtime/events';
import { topics } from '../../src/realtime/hub';
import { MAX_CONNECTIONS_PER_USER } from '../../src/http/limits';
import type { Gateway } from '../../src/hosts/worker/gateway';
import type { Bank } from '../../src/hosts/worker/bank';
import { login, openEvents, ORIGIN } from './helpers';

const gatewayFor = (userId: number) => gatewayOf(env, shardOf(userId, shardCount(env)));
/** Streams open for a user in its Gateway (its own hub) and in the Bank (none: it only relays). */
const streamsOf = async (userId: number) => ({
  gateway: await runInDurableObject(gatewayFor(userId), (gw: Gateway) =>
    (
      gw as unknown as { streams: { hub: { listenerCount(t: string): number } } }
    ).streams.hub.listenerCount(topics.user(userId)),
  ),
  bank: await runInDurableObject(bankOf(env), (bank: Bank) =>
    bank.platform.hub.listenerCount(topics.user(userId)),
  ),
});

/** Stores `n` events for a user in the Bank and publishes each after its commit (as a service does). */
const storeEvents = (userId: number, n: number, label: string) =>
  runInDurableObject(bankOf(env), (bank: Bank) => {
    const p = bank.platform;
    for (let i = 0; i < n; i++) {
      const out = p.db.transaction((tx) =>
        appendEventTx(tx, topics.user(userId), 'notification', { label, i }, new Date()),
      );
      p.hub.publish(out.topic, out.event);
    }
  });

it('serves a stream from the user’s Gateway: live news, the per-user cap there, logout ends it', async () => {
  const advisor = await login('conseiller1@avenir.test');
  const client = await login('client1@avenir.test');
  const first = await openEvents(client.cookie);
  expect(first.res.headers.get('content-type')).toMatch(/text\/event-stream/);
  expect(first.res.headers.get('x-content-type-options')).toBe('nosniff'); // the app's headers
  expect(await streamsOf(client.user.id)).toEqual({ gateway: 1, bank: 0 });

  const posted = await SELF.fetch(`${ORIGIN}/api/news`, {
    method: 'POST',
    headers: { origin: ORIGIN, cookie: advisor.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'En direct', body: 'Texte' }),
  });
  expect(posted.status).toBe(201);
  await first.until(() => first.events.some((e) => e.data?.includes('En direct')));

  const more = [];
  for (let i = 1; i < MAX_CONNECTIONS_PER_USER; i++) more.push(await openEvents(client.cookie));
  expect(more.every((s) => s.res.status === 200)).toBe(true);
  const refused = await openEvents(client.cookie);
  expect(refused.res.status).toBe(429);
  expect(refused.res.headers.get('retry-after')).toBe('10');
  expect(((await refused.res.json()) as any).error.code).toBe('rate_limited');

  const out = await SELF.fetch(`${ORIGIN}/api/auth/logout`, {
    method: 'POST',
    headers: { origin: ORIGIN, cookie: client.cookie },
  });
  expect(out.status).toBe(204);
  expect(await first.ended()).toBe(true);
  for (const s of more) expect(await s.ended()).toBe(true);
  expect((await streamsOf(client.user.id)).gateway).toBe(0);
});

it('replays several pages from the Bank while holding live events: in order, no duplicate, no gap', async () => {
  const client = await login('client2@avenir.test');
  const start = (await runInDurableObject(bankOf(env), (bank: Bank) =>
    bank.platform.db.get<{ seq: number }>("select seq from sqlite_sequence where name = 'events'"),
  ))!.seq;
  await storeEvents(client.user.id, 450, 'manquée'); // three replay pages of 200
  const stream = await openEvents(client.cookie, start);
  await storeEvents(client.user.id, 50, 'en direct'); // published while the replay runs
  await stream.until(() => stream.events.length >= 500);
  const ids = stream.events.map((e) => Number(e.id));
  expect(ids).toEqual(Array.from({ length: 500 }, (_, i) => start + 1 + i));
  await storeEvents(client.user.id, 1, 'après');
  await stream.until(() => stream.events.length === 501);
  expect(stream.events[500].data).toContain('après');
  await stream.cancel();
});
