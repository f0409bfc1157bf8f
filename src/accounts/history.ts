import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { operations, postings } from '../ledger/schema';
import { normalizeSearch } from '../ledger/text';
import { toOperationView, type OperationView } from '../ledger/views';
import { formatParisDate } from '../ledger/paris-time';

export type HistoryFilter = { from?: Date; to?: Date; q?: string };

function whereOf(accountId: number, f: HistoryFilter & { before?: number }): SQL {
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

const columns = {
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
const toView = (r: Row) => toOperationView(r, r);

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

/** -1234,56 (no thousands separator: spreadsheets read it as a number). */
export function csvAmount(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** A text cell: quoted when needed; a leading = + - @ is defused so a spreadsheet never runs it. */
function csvText(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_HEADER = 'Date;Libellé;Montant;Solde;Contrepartie;IBAN contrepartie';

/** The CSV export: UTF-8 with BOM, `;`, CRLF, oldest first (Excel FR opens it as is). */
export function operationsCsv(items: OperationView[]): string {
  const lines = items.map((o) =>
    [
      formatParisDate(new Date(o.createdAt)),
      csvText(o.label),
      csvAmount(o.amountCents),
      csvAmount(o.balanceAfterCents),
      csvText(o.counterparty?.name ?? ''),
      o.counterparty?.iban ?? '',
    ].join(';'),
  );
  return '\uFEFF' + [CSV_HEADER, ...lines].join('\r\n') + '\r\n';
}
