// The Worker host's per-user limits live in the Bank's SQLite: an evicted Bank comes back with them.
import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { expect, it } from 'vitest';
import { bankOf } from '../../src/hosts/worker/env';
import { rateLimitHits } from '../../src/http/schema';
import { login, ORIGIN } from './helpers';

it('a limit reached before the Bank is reset still holds after it', async () => {
  const client = await login('client1@avenir.test');
  const { items } = (await (
    await SELF.fetch(`${ORIGIN}/api/accounts`, { headers: { cookie: client.cookie } })
  ).json()) as { items: { iban: string }[] };
  const verify = () =>
    SELF.fetch(`${ORIGIN}/api/payees/verify`, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: client.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ iban: items[0].iban, name: 'Camille Client' }),
    });
  let status = 200;
  let allowed = 0;
  while ((status = (await verify()).status) === 200) allowed++;
  expect(status).toBe(429);
  expect(allowed).toBe(30); // 30 an hour (API.md « Transfers »)
  // Evict the Bank: the runtime throws its instance away; the next request builds a new one.
  await runInDurableObject(bankOf(env), (_bank, state) => state.abort('evicted')).catch(() => {});
  const after = await verify();
  expect(after.status).toBe(429);
  expect(Number(after.headers.get('retry-after'))).toBeGreaterThan(3000);
  const stored = await runInDurableObject(bankOf(env), (bank) =>
    bank.platform.db.select().from(rateLimitHits).all(),
  );
  expect(stored.filter((h) => h.key === `vop:${client.user.id}`)).toHaveLength(30);
});
