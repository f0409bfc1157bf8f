/** Helpers for market and savings tests: money in and out through the ledger, and its check. */
import { and, eq } from 'drizzle-orm';
import type { TestApp, Agent } from '../../test/harness';
import { bankAccounts } from '../db/schema';
import { checkLedger, openCustomerAccountTx, postOperation, SYSTEM, systemAccountTx } from '../ledger';
import './check';

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
export function deposit(app: TestApp, accountId: number, cents: number, at = app.platform.clock.now()) {
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
    openCustomerAccountTx(tx, { userId, type: 'savings', label: 'Livret Avenir', rateBasisPoints: 0 }, at),
  ).id;
}

/** Every ledger invariant, the market's included; throws with the failing checks. */
export function expectLedgerOk(app: TestApp) {
  const report = checkLedger(app.platform.db);
  if (!report.ok) throw new Error(`ledger check failed: ${JSON.stringify(report.checks.filter((c) => !c.ok))}`);
  return report;
}

let keys = 0;
/** Places an order with a fresh Idempotency-Key. */
export function order(agent: Agent, body: Record<string, unknown>, key = `k-${Date.now()}-${++keys}`) {
  return agent.post('/api/orders', body, { 'idempotency-key': key });
}
