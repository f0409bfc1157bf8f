import { eq, sql } from 'drizzle-orm';
import { prepareUpdateById, preparedPer } from '../db/prepared';
import type { Executor } from '../db/client';
import { bankAccounts } from '../db/schema';
import { appendEventTx } from '../realtime/events';
import { topics } from '../realtime/hub';
import { holds, operations, postings, type OperationKind } from './schema';
import { normalizeSearch } from './text';
import { raiseMoneyAlertsTx } from '../staff/alerts';
import {
  availableOf,
  isCustomerCash,
  toAccountView,
  toOperationView,
  type AccountView,
  type OperationView,
} from './views';

/** What a committed transaction hands the hub (write, then publish). */
export type Published = ReturnType<typeof appendEventTx>;

export type PostingInput = {
  accountId: number;
  /** Signed, in the account's asset unit (cents for EUR): negative leaves the account. */
  amount: number;
  /** The other side as this account sees it (history, CSV). */
  counterparty?: { name: string; iban: string | null } | null;
};

export type OperationInput = {
  kind: OperationKind;
  label: string;
  postings: PostingInput[];
  /** Reservations this operation uses up (a trade consumes its order's hold); each hold's account must be among the postings. */
  consumeHolds?: { holdId: number; amount: number }[];
  /** Who asked for it; null for the bank itself. */
  userId?: number | null;
  /**
   * When the movement counts, if not now: interest of day d is value-dated at
   * the end of d whenever accrual runs (history, balances at a date read it).
   */
  valueDate?: Date;
  /** Fixtures skip the events row and the views (their history is older than what SSE replays). */
  silent?: boolean;
};

export type PostRefusal = {
  ok: false;
  reason: 'insufficient_funds' | 'account_closed' | 'invalid';
  accountId?: number;
};

export type Posted = {
  ok: true;
  operationId: number;
  /** Each customer cash account touched, after the operation, with the operation as it sees it. */
  accounts: { account: AccountView; operation: OperationView; userId: number }[];
  published: Published[];
};

/** The ledger's hot statements, prepared once per database (holds.ts uses them too). */
export const ledgerStatements = preparedPer((db) => ({
  hold: db
    .select()
    .from(holds)
    .where(eq(holds.id, sql.placeholder('id')))
    .prepare(),
  updateHold: prepareUpdateById(db, holds, 'amount', 'status'),
  account: db
    .select()
    .from(bankAccounts)
    .where(eq(bankAccounts.id, sql.placeholder('id')))
    .prepare(),
  insertOperation: db
    .insert(operations)
    .values({
      kind: sql.placeholder('kind'),
      label: sql.placeholder('label'),
      userId: sql.placeholder('userId'),
      createdAt: sql.placeholder('createdAt'),
    })
    .returning()
    .prepare(),
  insertPosting: db
    .insert(postings)
    .values({
      operationId: sql.placeholder('operationId'),
      accountId: sql.placeholder('accountId'),
      asset: sql.placeholder('asset'),
      amount: sql.placeholder('amount'),
      balanceAfter: sql.placeholder('balanceAfter'),
      counterpartyName: sql.placeholder('counterpartyName'),
      counterpartyIban: sql.placeholder('counterpartyIban'),
      search: sql.placeholder('search'),
      createdAt: sql.placeholder('createdAt'),
    })
    .prepare(),
  updateAccount: prepareUpdateById(db, bankAccounts, 'balance', 'held'),
}));

/** What the staff alerts need to know of one posting (src/staff/alerts.ts). */
const moveOf = (input: OperationInput, operationId: number, p: PostingInput) => ({
  amount: p.amount,
  kind: input.kind,
  operationId,
  counterpartyName: p.counterparty?.name ?? null,
});

/** One account row by id, with the ledger's prepared statement (hot paths). */
export const findAccountTx = (tx: Executor, id: number) => ledgerStatements(tx).account.get({ id });

const invalid = (accountId?: number): PostRefusal => ({ ok: false, reason: 'invalid', accountId });

/**
 * THE one way money (or shares) moves. In the caller's synchronous transaction:
 * checks that postings sum to zero per asset, that no closed account moves and
 * that every customer account debited keeps available ≥ 0 (balance − holds +
 * overdraft), then writes the operation, its postings (with balance after), the
 * cached balances and holds, and one `account.updated` event per customer cash
 * account. A refusal has written nothing. Nothing here awaits, so two
 * concurrent operations cannot both pass the check.
 */
export function postOperation(
  tx: Executor,
  input: OperationInput,
  now: Date,
): Posted | PostRefusal {
  // One posting per account: merge repeats.
  const byAccount = new Map<number, PostingInput>();
  for (const p of input.postings) {
    if (!Number.isSafeInteger(p.amount) || !Number.isSafeInteger(p.accountId)) return invalid();
    const seen = byAccount.get(p.accountId);
    byAccount.set(p.accountId, seen ? { ...seen, amount: seen.amount + p.amount } : p);
  }
  const ids = [...byAccount.keys()];
  if (ids.length === 0) return invalid();
  const st = ledgerStatements(tx);
  const accounts = new Map<number, typeof bankAccounts.$inferSelect>();
  for (const id of ids) {
    const a = st.account.get({ id });
    if (!a) return invalid();
    accounts.set(id, a);
  }

  const sums = new Map<string, number>();
  for (const [id, p] of byAccount) {
    const a = accounts.get(id)!;
    sums.set(a.asset, (sums.get(a.asset) ?? 0) + p.amount);
    if (a.closedAt && p.amount !== 0) return { ok: false, reason: 'account_closed', accountId: id };
  }
  for (const total of sums.values()) if (total !== 0) return invalid();

  const used = input.consumeHolds ?? [];
  const holdRows = new Map<number, typeof holds.$inferSelect>();
  for (const u of used) {
    const h = holdRows.get(u.holdId) ?? st.hold.get({ id: u.holdId });
    if (h) holdRows.set(h.id, h);
    const a = h && accounts.get(h.accountId);
    if (!h || !a || h.status !== 'open' || !Number.isSafeInteger(u.amount) || u.amount < 0)
      return invalid(h?.accountId);
    if (u.amount > h.amount) return invalid(h.accountId);
    h.amount -= u.amount;
    a.held -= u.amount;
  }
  for (const [id, p] of byAccount) {
    const a = accounts.get(id)!;
    a.balance += p.amount;
    if (a.userId !== null && p.amount < 0 && availableOf(a) < 0)
      return { ok: false, reason: 'insufficient_funds', accountId: id };
  }

  // Every check passed: write.
  const at = input.valueDate ?? now;
  const op = st.insertOperation.get({
    kind: input.kind,
    label: input.label,
    userId: input.userId ?? null,
    createdAt: at,
  })!;
  const result: Posted = { ok: true, operationId: op.id, accounts: [], published: [] };
  for (const [id, p] of byAccount) {
    const a = accounts.get(id)!;
    const posting = {
      operationId: op.id,
      accountId: id,
      asset: a.asset,
      amount: p.amount,
      balanceAfter: a.balance,
      counterpartyName: p.counterparty?.name ?? null,
      counterpartyIban: p.counterparty?.iban ?? null,
      search: normalizeSearch(`${input.label} ${p.counterparty?.name ?? ''}`),
      createdAt: at,
    };
    st.insertPosting.run(posting);
    st.updateAccount.run({ id, balance: a.balance, held: a.held });
    if (!input.silent && isCustomerCash(a)) {
      const view = { account: toAccountView(a), operation: toOperationView(op, posting) };
      result.accounts.push({ ...view, userId: a.userId! });
      result.published.push(
        appendEventTx(tx, topics.user(a.userId!), 'account.updated', view, now),
        ...raiseMoneyAlertsTx(tx, { account: a, ...moveOf(input, op.id, p) }, now),
      );
    }
  }
  for (const h of holdRows.values())
    st.updateHold.run({ id: h.id, amount: h.amount, status: h.amount === 0 ? 'consumed' : 'open' });
  return result;
}
