import { eq } from 'drizzle-orm';
import type { Tx } from '../src/db/client';
import { bankAccounts, type User } from '../src/db/schema';
import { ibanCheckDigits } from '../src/accounts/iban';
import {
  openCustomerAccountTx,
  postOperation,
  systemAccountTx,
  SYSTEM,
  type OperationInput,
} from '../src/ledger';
import { DEFAULT_SAVINGS_RATE_BP } from '../src/accounts/service';

const DAY = 86_400_000;

/** A valid French IBAN at another bank (counterparties of simulated SEPA transfers). */
export function otherBankIban(bank: string, n: number) {
  const bban = `${bank}00001${String(n).padStart(11, '0')}00`;
  return 'FR' + ibanCheckDigits('FR', bban) + bban;
}

const EMPLOYERS = ['Atelier Lumière SARL', 'Clinique du Parc', 'Mairie de Lyon', 'Numéris SAS'];
const LANDLORDS = ['SCI Les Tilleuls', 'Foncia Gestion', 'M. et Mme Roux'];
const BILLS = [
  { name: 'EDF', label: 'Électricité', min: 4_500, max: 9_500 },
  { name: 'Orange', label: 'Box internet et mobile', min: 3_999, max: 5_999 },
  { name: 'Carrefour Market', label: 'Courses', min: 6_000, max: 18_000 },
  { name: 'Mutuelle Santé Plus', label: 'Complémentaire santé', min: 3_500, max: 6_500 },
];
const SHARES = ['Restaurant', 'Cadeau commun', 'Places de concert', 'Remboursement week-end'];

/** Small deterministic PRNG (mulberry32): the same fixtures on every fresh database. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * About three months of believable history for every fixture client, all posted
 * through the ledger in time order (so ids grow with time): an opening balance,
 * a monthly salary, rent and bills as simulated SEPA transfers, a few transfers
 * between clients; client1 and client2 also get a Livret Avenir with money on it.
 */
export function seedMoneyTx(tx: Tx, people: User[], now: number) {
  const external = systemAccountTx(tx, SYSTEM.external);
  const checking = new Map<number, { id: number; iban: string }>();
  for (const row of tx
    .select({ id: bankAccounts.id, iban: bankAccounts.iban, userId: bankAccounts.userId })
    .from(bankAccounts)
    .where(eq(bankAccounts.type, 'checking'))
    .all())
    if (row.userId !== null) checking.set(row.userId, { id: row.id, iban: row.iban! });

  const start = now - 95 * DAY;
  const plan: { at: number; op: OperationInput }[] = [];
  const fromOutside = (
    at: number,
    accountId: number,
    amount: number,
    kind: OperationInput['kind'],
    label: string,
    who: { name: string; iban: string | null } | null,
  ) =>
    plan.push({
      at,
      op: {
        kind,
        label,
        silent: true,
        postings: [
          { accountId: external.id, amount: -amount },
          { accountId, amount, counterparty: who },
        ],
      },
    });

  people.forEach((person, i) => {
    const rnd = random(i + 1);
    const between = (min: number, max: number) => Math.round(min + rnd() * (max - min));
    const me = checking.get(person.id)!;
    const name = `${person.firstName} ${person.lastName}`;
    fromOutside(start + i, me.id, between(80_000, 450_000), 'opening', 'Solde d’ouverture', null);
    const employer = EMPLOYERS[i % EMPLOYERS.length];
    const salary = between(190_000, 380_000);
    const landlord = LANDLORDS[i % LANDLORDS.length];
    const rent = between(55_000, 115_000);
    for (let month = 0; month < 3; month++) {
      const m = start + month * 30 * DAY;
      fromOutside(m + 3 * DAY + i, me.id, salary, 'transfer', 'Salaire', {
        name: employer,
        iban: otherBankIban('30004', 1 + (i % EMPLOYERS.length)),
      });
      const out = (at: number, amount: number, label: string, to: string, iban: string) =>
        plan.push({
          at,
          op: {
            kind: 'transfer',
            label,
            userId: person.id,
            silent: true,
            postings: [
              { accountId: me.id, amount: -amount, counterparty: { name: to, iban } },
              { accountId: external.id, amount, counterparty: { name, iban: me.iban } },
            ],
          },
        });
      out(m + 5 * DAY + i, rent, 'Loyer', landlord, otherBankIban('30003', 100 + (i % 3)));
      BILLS.forEach((b, k) =>
        out(
          m + (8 + 4 * k) * DAY + i,
          between(b.min, b.max),
          b.label,
          b.name,
          otherBankIban('10278', 200 + k),
        ),
      );
      // A transfer to the next fixture client.
      const friend = people[(i + 1) % people.length];
      if (people.length > 1) {
        const to = checking.get(friend.id)!;
        const amount = between(1_500, 8_000);
        plan.push({
          at: m + 20 * DAY + i,
          op: {
            kind: 'transfer',
            label: SHARES[(i + month) % SHARES.length],
            userId: person.id,
            silent: true,
            postings: [
              {
                accountId: me.id,
                amount: -amount,
                counterparty: { name: `${friend.firstName} ${friend.lastName}`, iban: to.iban },
              },
              { accountId: to.id, amount, counterparty: { name, iban: me.iban } },
            ],
          },
        });
      }
    }
  });

  // Livret Avenir for client1 and client2.
  people.slice(0, 2).forEach((person, i) => {
    const livret = openCustomerAccountTx(
      tx,
      {
        userId: person.id,
        type: 'savings',
        label: 'Livret Avenir',
        rateBasisPoints: DEFAULT_SAVINGS_RATE_BP,
      },
      new Date(start),
    );
    fromOutside(
      start + 2 * DAY + i,
      livret.id,
      [850_000, 1_240_000][i],
      'opening',
      'Solde d’ouverture',
      null,
    );
  });

  plan.sort((a, b) => a.at - b.at);
  for (const { at, op } of plan) {
    const posted = postOperation(tx, op, new Date(at));
    if (!posted.ok) throw new Error(`fixture ${op.label}: ${posted.reason}`);
  }
}
