// API.md « Other »: dev routes exist only in development, for loopback clients; production has none.
import { expect, it } from 'vitest';
import { startContractHost } from './host';

type Agent = ReturnType<Awaited<ReturnType<typeof startContractHost>>['anon']>;
const calls = (a: Agent, accountId: number, headers: Record<string, string> = {}) =>
  Promise.all([
    a.get('/dev/clock', headers),
    a.post('/dev/deposit', { accountId, amountCents: 100 }, headers),
    a.get('/dev/mailbox.json', headers),
  ]).then((all) => all.map((r) => r.status));

/** A signed-in client and its checking account's id. */
async function client(app: Awaited<ReturnType<typeof startContractHost>>) {
  const agent = await app.login('client1@avenir.test');
  const [own] = (await agent.get('/api/accounts')).body.items;
  return { agent, accountId: own.id as number };
}

it(
  'production (as outside suites start it): no dev route, even for a signed-in client here',
  { timeout: 240_000 },
  async () => {
    const app = await startContractHost({ NODE_ENV: 'production' });
    try {
      const { agent, accountId } = await client(app);
      expect(await calls(agent, accountId)).toEqual([404, 404, 404]);
    } finally {
      await app.stop();
    }
  },
);

it(
  'development: dev routes for this machine, never for a forwarded address',
  { timeout: 240_000 },
  async () => {
    const app = await startContractHost({ NODE_ENV: 'development' });
    try {
      const { agent, accountId } = await client(app);
      expect(await calls(agent, accountId)).toEqual([200, 201, 200]);
      const forwarded = { 'x-forwarded-for': '127.0.0.1' };
      expect(await calls(agent, accountId, forwarded)).toEqual([404, 404, 404]);
    } finally {
      await app.stop();
    }
  },
);
