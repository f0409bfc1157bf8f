import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { operations, postings } from '../ledger/schema';
import { normalizeSearch } from '../ledger/text';
import { toOperationView, type OperationView } from '../ledger/views';

export type HistoryFilter = { from?: Date; to?: Date; q?: string };

export function whereOf(accountId: number, f: HistoryFilter & { before?: number }): SQL {
  const parts: (SQL | undefined)[] = [eq(postings.accountId, accountId)];
  if (f.before) parts.push(lt(postings.operationId, f.before));
  if (f.from) parts.push(gte(postings.createdAt, f.from));
  if (f.to) parts.push(lt(postings.createdAt, f.to));
  const q = f.q ? normalizeSearch(f.q.trim()) : '';
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (ch) => '\\' + ch)}%`;
    parts.push(sql`${postings.search} like ${pattern} escape '\\'`);
  }
  return and(...parts)!;
}

export const columns = {
  id: operations.id,
  kind: operations.kind,
  label: operations.label,
  createdAt: operations.createdAt,
  amount: postings.amount,
  balanceAfter: postings.balanceAfter,
  counterpartyName: postings.counterpartyName,
  counterpartyIban: postings.counterpartyIban,
};

type Row = { [K in keyof typeof columns]: any };
export const toView = (r: Row) => toOperationView(r, r);

/** One page of an account's history, newest first (by operation id). */
export function listOperations(
  db: Executor,
  accountId: number,
  page: HistoryFilter & { before?: number; limit: number },
): { items: OperationView[]; hasMore: boolean } {
  const rows = db
    .select(columns)
    .from(postings)
    .innerJoin(operations, eq(operations.id, postings.operationId))
    .where(whereOf(accountId, page))
    .orderBy(desc(postings.operationId))
    .limit(page.limit + 1)
    .all();
  return { items: rows.slice(0, page.limit).map(toView), hasMore: rows.length > page.limit };
}

/** Every operation of an account in a range, oldest first (CSV, statements). */
export function operationsBetween(db: Executor, accountId: number, f: HistoryFilter) {
  return db
    .select(columns)
    .from(postings)
    .innerJoin(operations, eq(operations.id, postings.operationId))
    .where(whereOf(accountId, f))
    .orderBy(asc(postings.operationId))
    .all()
    .map(toView);
}

/** The account's balance just before an instant (the last balance after, or 0). */
export function balanceBefore(db: Executor, accountId: number, at: Date): number {
  const row = db
    .select({ b: postings.balanceAfter })
    .from(postings)
    .where(and(eq(postings.accountId, accountId), lt(postings.createdAt, at)))
    .orderBy(desc(postings.operationId))
    .limit(1)
    .get();
  return row?.b ?? 0;
}
