import { eq } from 'drizzle-orm';
import type { Db, Executor } from '../db/client';
import { bankAccounts } from '../db/schema';
import { frenchIban } from './iban';

export type AccountView = {
  id: number;
  iban: string;
  label: string;
  type: 'checking' | 'savings';
  balanceCents: number;
  currency: string;
  createdAt: string;
};

/** Opens the checking account every client gets at sign-up (balance 0, a fresh French IBAN). */
export function openCheckingAccountTx(tx: Executor, userId: number, now: Date, balanceCents = 0) {
  const row = tx
    .insert(bankAccounts)
    .values({
      userId,
      iban: `PENDING-${userId}-${now.getTime()}`,
      label: 'Compte courant',
      type: 'checking',
      balanceCents,
      createdAt: now,
    })
    .returning({ id: bankAccounts.id })
    .get();
  // The account id is unique, so the IBAN built from it is too.
  tx.update(bankAccounts)
    .set({ iban: frenchIban(row.id) })
    .where(eq(bankAccounts.id, row.id))
    .run();
  return row.id;
}

export async function listAccounts(db: Db, userId: number): Promise<AccountView[]> {
  const rows = await db
    .select()
    .from(bankAccounts)
    .where(eq(bankAccounts.userId, userId))
    .orderBy(bankAccounts.id);
  return rows.map((a) => ({
    id: a.id,
    iban: a.iban,
    label: a.label,
    type: a.type,
    balanceCents: a.balanceCents,
    currency: a.currency,
    createdAt: a.createdAt.toISOString(),
  }));
}
