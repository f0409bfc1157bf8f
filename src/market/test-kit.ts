/** Helpers for market and savings tests: money in and out through the ledger, and its check. */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, FIXTURE_PASSWORD, startTestApp, type TestApp } from '../../test/harness';
import { loadConfig } from '../config';
import { startServer } from '../hosts/node/server';
import { bankAccounts } from '../db/schema';
import { openCustomerAccountTx, postOperation, SYSTEM, systemAccountTx } from '../ledger';
import { checkBank } from '../bank-rules';

/** A client's open checking account id. */
export function checkingOf(app: TestApp, userId: number): number {
  return app.platform.db
    .select()
    .from(bankAccounts)
    .where(and(eq(bankAccounts.userId, userId), eq(bankAccounts.type, 'checking')))
    .get()!.id;
}

export const accountRow = (app: TestApp, id: number) =>
  app.platform.db.select().from(bankAccounts).where(eq(bankAccounts.id, id)).get()!;

/** Money from outside the bank onto an account (a demo deposit). */
export function deposit(
  app: TestApp,
  accountId: number,
  cents: number,
  at = app.platform.clock.now(),
) {
  const r = app.platform.db.transaction((tx) =>
    postOperation(
      tx,
      {
        kind: 'deposit',
        label: 'Dépôt',
        postings: [
          { accountId: systemAccountTx(tx, SYSTEM.external).id, amount: -cents },
          { accountId, amount: cents },
        ],
      },
      at,
    ),
  );
  if (!r.ok) throw new Error(`deposit refused: ${r.reason}`);
}

/** Opens a Livret Avenir for a user (the accounts route belongs to another feature). */
export function openSavings(app: TestApp, userId: number, at = app.platform.clock.now()) {
  return app.platform.db.transaction((tx) =>
    openCustomerAccountTx(
      tx,
      { userId, type: 'savings', label: 'Livret Avenir', rateBasisPoints: 0 },
      at,
    ),
  ).id;
}

/** Every ledger invariant, the market's included; throws with the failing checks. */
export function expectLedgerOk(app: TestApp) {
  const report = checkBank(app.platform.db, app.platform.clock.now());
  if (!report.ok)
    throw new Error(`ledger check failed: ${JSON.stringify(report.checks.filter((c) => !c.ok))}`);
  return report;
}

let symbols = 0;
/** A fresh stock (IPO by the bank) so that each test owns its book; symbols `<prefix>AA`, `<prefix>AB`… */
export async function listTestStock(
  director: Agent,
  prefix: string,
  priceCents = 1000,
  shares = 100,
) {
  const n = symbols++;
  const symbol = `${prefix}${String.fromCharCode(65 + Math.floor(n / 26))}${String.fromCharCode(65 + (n % 26))}`;
  const res = await director.post('/api/market/stocks', {
    symbol,
    name: `Test ${symbol}`,
    ipoPriceCents: priceCents,
    shares,
  });
  if (res.status !== 201) throw new Error(`IPO ${symbol}: ${res.status}`);
  return res.body.stock as { id: number; symbol: string };
}

let keys = 0;
/** Places an order with a fresh Idempotency-Key. */
export function order(
  agent: Agent,
  body: Record<string, unknown>,
  key = `k-${Date.now()}-${++keys}`,
) {
  return agent.post('/api/orders', body, { 'idempotency-key': key });
}

/** A client's order from their checking account: at market, or at a limit when one is given. */
export function trade(
  app: TestApp,
  agent: Agent,
  side: 'buy' | 'sell',
  stockId: number,
  quantity: number,
  limitPriceCents?: number,
) {
  return order(agent, {
    stockId,
    side,
    type: limitPriceCents ? 'limit' : 'market',
    quantity,
    ...(limitPriceCents ? { limitPriceCents } : {}),
    accountId: checkingOf(app, agent.user.id),
  });
}

/** Stops the app and starts it again on the same database file (a restart). */
export async function restartTestApp(app: TestApp): Promise<TestApp> {
  await app.close();
  const config = loadConfig({
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: join(app.dir, 'avenir.db'),
    SEED: 'auto',
  });
  const running = await startServer(config);
  await running.periodicWork; // tests see the start's catch-ups done
  const restarted: TestApp = {
    ...running,
    dir: app.dir,
    origin: running.url,
    anon: () => new Agent(running.url),
    async login(email, password = FIXTURE_PASSWORD) {
      const agent = new Agent(running.url);
      const res = await agent.post('/api/auth/login', { email, password });
      if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
      agent.user = res.body.user;
      return agent;
    },
    async stop() {
      await running.close();
      rmSync(app.dir, { recursive: true, force: true });
    },
  };
  return restarted;
}

/** What a market test file works with: the app, the director and four clients with 100,000 € each. */
export type MarketWorld = { app: TestApp; director: Agent; clients: Agent[] };

/** One such world per test file, stopped after it. */
export function startMarketAppForFile(started: (w: MarketWorld) => void) {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await startTestApp();
    const director = await app.login('directeur@avenir.test');
    // One after another: the hash gate admits only a couple of logins per address at once.
    const clients: Agent[] = [];
    for (const i of [1, 2, 3, 4]) clients.push(await app.login(`client${i}@avenir.test`));
    for (const c of clients) deposit(app, checkingOf(app, c.user.id), 10_000_000);
    started({ app, director, clients });
  }, 60_000);
  afterAll(() => app?.stop());
}

/** The order helpers of a world, read when called (the world exists once the file started). */
export function marketHelpers(world: () => Pick<MarketWorld, 'app' | 'director'>) {
  return {
    ipo: (priceCents = 1000, shares = 100) =>
      listTestStock(world().director, 'T', priceCents, shares),
    cash: (c: Agent) => accountRow(world().app, checkingOf(world().app, c.user.id)),
    buy: (c: Agent, stockId: number, quantity: number, limitPriceCents?: number) =>
      trade(world().app, c, 'buy', stockId, quantity, limitPriceCents),
    sell: (c: Agent, stockId: number, quantity: number, limitPriceCents?: number) =>
      trade(world().app, c, 'sell', stockId, quantity, limitPriceCents),
    position: async (c: Agent, stockId: number) =>
      (await c.get('/api/portfolio')).body.positions.find((p: any) => p.stock.id === stockId),
    feesCollected: () =>
      world().app.platform.db.get<{ b: number }>(
        sql`select coalesce(sum(balance), 0) as b from bank_accounts where system_code = 'fees'`,
      )!.b,
  };
}
