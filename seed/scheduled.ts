import { and, desc, eq } from 'drizzle-orm';
import type { Tx } from '../src/db/client';
import { bankAccounts, type User } from '../src/db/schema';
import { operations, postings } from '../src/ledger/schema';
import { parisDayOf } from '../src/ledger/paris-time';
import { insertScheduleTx } from '../src/transfers/scheduled';
import { otherBankIban } from './money';

const DAY = 86_400_000;

const checkingOf = (tx: Tx, userId: number) =>
  tx
    .select()
    .from(bankAccounts)
    .where(and(eq(bankAccounts.userId, userId), eq(bankAccounts.type, 'checking')))
    .get()!;

/** The last rent the history shows for an account (what its standing order pays). */
function lastRent(tx: Tx, accountId: number) {
  const row = tx
    .select({ amount: postings.amount })
    .from(postings)
    .innerJoin(operations, eq(operations.id, postings.operationId))
    .where(and(eq(postings.accountId, accountId), eq(operations.label, 'Loyer')))
    .orderBy(desc(postings.id))
    .get();
  return row ? -row.amount : 85_000;
}

/**
 * client1 pays its rent by a monthly standing transfer (« Loyer », on the 5th,
 * from next month on); client2 has a one-off transfer to client3 next week.
 */
export function seedScheduledTx(tx: Tx, people: User[], now: number) {
  const [client1, client2, client3] = people;
  const today = parisDayOf(new Date(now));
  const [y, m] = today.split('-').map(Number);
  const fifth = new Date(Date.UTC(y, m, 5)).toISOString().slice(0, 10);
  const plan: [User | undefined, Parameters<typeof insertScheduleTx>[2] | null][] = [
    [
      client1,
      client1 && {
        fromAccountId: checkingOf(tx, client1.id).id,
        toIban: otherBankIban('30003', 100),
        amountCents: lastRent(tx, checkingOf(tx, client1.id).id),
        label: 'Loyer',
        beneficiaryName: 'SCI Les Tilleuls',
        firstDate: fifth,
        frequency: 'monthly',
      },
    ],
    [
      client2,
      client2 &&
        client3 && {
          fromAccountId: checkingOf(tx, client2.id).id,
          toIban: checkingOf(tx, client3.id).iban!,
          amountCents: 4_500,
          label: 'Remboursement week-end',
          beneficiaryName: `${client3.firstName} ${client3.lastName}`,
          firstDate: parisDayOf(new Date(now + 7 * DAY)),
          frequency: 'once',
        },
    ],
  ];
  for (const [user, input] of plan) {
    if (!user || !input) continue;
    const created = insertScheduleTx(tx, user, input, new Date(now));
    if (!created.ok) throw new Error(`scheduled fixture refused: ${created.reason}`);
  }
}
