import { and, desc, eq, lt } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { transfers } from './schema';
import { toTransferView, type TransferView } from './service';

/** The caller's transfers, newest first, `limit` at a time before an id. */
export function listTransfers(
  db: Executor,
  userId: number,
  page: { before?: number; limit: number },
): { items: TransferView[]; hasMore: boolean } {
  const rows = db
    .select()
    .from(transfers)
    .where(
      and(
        eq(transfers.userId, userId),
        page.before === undefined ? undefined : lt(transfers.id, page.before),
      ),
    )
    .orderBy(desc(transfers.id))
    .limit(page.limit + 1)
    .all();
  return {
    items: rows.slice(0, page.limit).map(toTransferView),
    hasMore: rows.length > page.limit,
  };
}

/** One of the caller's transfers, or null (someone else's is not found either). */
export function findTransfer(db: Executor, userId: number, id: number): TransferView | null {
  const row = db.select().from(transfers).where(eq(transfers.id, id)).get();
  return row && row.userId === userId ? toTransferView(row) : null;
}
