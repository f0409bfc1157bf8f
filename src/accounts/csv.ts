import type { Context } from 'hono';
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { operations, postings } from '../ledger/schema';
import type { OperationView } from '../ledger/views';
import { formatParisDate, parisDayOf, parisDayStart } from '../ledger/paris-time';
import { columns, toView, whereOf, type HistoryFilter } from './history';

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

const csvLine = (o: OperationView) =>
  [
    formatParisDate(new Date(o.createdAt)),
    csvText(o.label),
    csvAmount(o.amountCents),
    csvAmount(o.balanceAfterCents),
    csvText(o.counterparty?.name ?? ''),
    o.counterparty?.iban ?? '',
  ].join(';') + '\r\n';

/** Rows read per step of the stream: a long history never sits in memory whole. */
export const CSV_PAGE = 500;

/** Without `from` (nor `to`), the export covers the last 12 months (Paris days). */
export function defaultCsvRange(f: HistoryFilter, now: Date): HistoryFilter {
  if (f.from) return f;
  const end = f.to ?? now;
  const day = parisDayOf(end).split('-').map(Number);
  return { ...f, from: parisDayStart(day[0] - 1, day[1], day[2] + 1) };
}

/**
 * The CSV export, streamed: UTF-8 with BOM, `;`, CRLF, oldest first (Excel FR
 * opens it as is). Pages of CSV_PAGE rows by operation id, up to the last
 * operation when the download started (later ones wait for the next export).
 */
export function operationsCsvStream(
  db: Executor,
  accountId: number,
  f: HistoryFilter,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const last =
    db.get<{ id: number | null }>(
      sql`select max(operation_id) as id from postings where account_id = ${accountId}`,
    )?.id ?? 0;
  let after = 0;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode('\uFEFF' + CSV_HEADER + '\r\n'));
    },
    pull(controller) {
      const rows = db
        .select(columns)
        .from(postings)
        .innerJoin(operations, eq(operations.id, postings.operationId))
        .where(
          and(
            whereOf(accountId, f),
            gt(postings.operationId, after),
            lte(postings.operationId, last),
          ),
        )
        .orderBy(asc(postings.operationId))
        .limit(CSV_PAGE)
        .all();
      if (rows.length)
        controller.enqueue(encoder.encode(rows.map((r) => csvLine(toView(r))).join('')));
      if (rows.length < CSV_PAGE) controller.close();
      else after = rows[rows.length - 1].id;
    },
  });
}

/** The CSV download of an account's operations (the owner's route and the staff's). */
export function sendOperationsCsv(
  c: Context,
  db: Executor,
  account: { id: number; iban: string | null },
  query: HistoryFilter,
  now: Date,
) {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="operations-${account.iban}.csv"`);
  c.header('Cache-Control', 'no-store');
  return c.body(operationsCsvStream(db, account.id, defaultCsvRange(query, now)));
}
