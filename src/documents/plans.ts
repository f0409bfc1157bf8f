/**
 * What is due to whom: the plans (src/documents/service.ts) for an account's
 * statements, RIB and interest statements, a transfer's receipt and an
 * executed order's avis d'opéré, each built from immutable facts (postings,
 * transfers, trades) of a closed period.
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { bankAccounts, users, type User } from '../db/schema';
import { balanceBefore, operationsBetween } from '../accounts/history';
import { parisDayOf, parisDayStart, parisMonth } from '../ledger/paris-time';
import { transfers, beneficiaries } from '../transfers/schema';
import { comparePayeeName } from '../transfers/payee';
import { orders, stocks, trades } from '../market/schema';
import {
  monthFr,
  renderInterestStatement,
  renderReceipt,
  renderRib,
  renderStatement,
  renderTradeConfirmation,
  type AccountFacts,
  type Holder,
} from './render';
import type { DocumentPlan } from './service';
import { documents } from './schema';
import { findClientProfile } from '../users/profile';

type Account = typeof bankAccounts.$inferSelect;

/**
 * The holder block. The postal address is printed when the user record has one
 * (sign-up collects it, API.md « Auth »); its shape is read loosely so that this
 * module does not depend on how that column is stored.
 */
export function holderOf(u: User): Holder {
  const raw = (u as unknown as { address?: unknown }).address;
  let a: Record<string, unknown> | null = null;
  try {
    a =
      typeof raw === 'string'
        ? JSON.parse(raw)
        : raw && typeof raw === 'object'
          ? (raw as never)
          : null;
  } catch {
    a = null;
  }
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const lines = a
    ? [
        str(a.line1),
        str(a.line2),
        [str(a.postalCode), str(a.city)].filter(Boolean).join(' ') || null,
      ]
    : [];
  return {
    name: `${u.firstName} ${u.lastName}`,
    addressLines: lines.filter((l): l is string => !!l),
  };
}

/** The user with the postal address they gave at sign-up (client_profiles), for the holder block. */
const withAddress = (db: Executor, u: User): User =>
  Object.assign({}, u, { address: findClientProfile(db as never, u.id)?.address ?? null });

const accountFacts = (a: Account, holder: Holder): AccountFacts => ({
  label: a.label,
  iban: a.iban!,
  holder,
});

const ym = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;

/** Months from the account's first to the last complete one (Paris), oldest first. */
export function closedMonthsOf(a: Pick<Account, 'createdAt' | 'closedAt'>, now: Date): string[] {
  const current = parisDayOf(now).slice(0, 7);
  const last = a.closedAt ? parisDayOf(a.closedAt).slice(0, 7) : null;
  let [y, m] = parisDayOf(a.createdAt).slice(0, 7).split('-').map(Number);
  const out: string[] = [];
  for (let k = ym(y, m); k < current && (!last || k <= last); k = ym(y, m)) {
    out.push(k);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}

function statementPlan(db: Executor, a: Account, user: User, month: string): DocumentPlan {
  const { start, end } = parisMonth(month)!;
  return {
    userId: user.id,
    kind: 'statement',
    subject: `account:${a.id}`,
    period: month,
    accountId: a.id,
    title: `Relevé ${a.label} - ${monthFr(month)}`,
    createdAt: end,
    notify: true,
    render: () =>
      renderStatement({
        account: accountFacts(a, holderOf(user)),
        month,
        openingCents: balanceBefore(db, a.id, start),
        lines: operationsBetween(db, a.id, { from: start, to: end }).map((o) => ({
          date: new Date(o.createdAt),
          label: o.label,
          counterparty: o.counterparty?.name ?? null,
          amountCents: o.amountCents,
        })),
        issuedAt: end,
      }),
  };
}

function interestPlan(db: Executor, a: Account, user: User, year: number): DocumentPlan {
  const from = parisDayStart(year, 1, 1);
  const to = parisDayStart(year + 1, 1, 1);
  return {
    userId: user.id,
    kind: 'interest_statement',
    subject: `account:${a.id}`,
    period: String(year),
    accountId: a.id,
    title: `Relevé annuel d’intérêts ${year} - ${a.label}`,
    createdAt: to,
    notify: true,
    render: () => {
      const interestCents = db.get<{ s: number }>(sql`
        select coalesce(sum(p.amount), 0) as s from postings p join operations o on o.id = p.operation_id
        where p.account_id = ${a.id} and o.kind = 'interest'
          and p.created_at >= ${from.getTime()} and p.created_at < ${to.getTime()}`).s;
      return renderInterestStatement({
        account: accountFacts(a, holderOf(user)),
        year: String(year),
        interestCents,
        closingCents: balanceBefore(db, a.id, to),
        issuedAt: to,
      });
    },
  };
}

/** The RIB, dated when the account opened (it never changes: an IBAN is for life). */
function ribPlan(a: Account, user: User): DocumentPlan {
  return {
    userId: user.id,
    kind: 'rib',
    subject: `account:${a.id}`,
    accountId: a.id,
    title: `RIB ${a.label}`,
    createdAt: a.createdAt,
    notify: false,
    render: () => renderRib({ ...accountFacts(a, holderOf(user)), issuedAt: a.createdAt }),
  };
}

/** Everything due for one customer account at `now`. */
export function accountPlans(db: Executor, a: Account, owner: User, now: Date): DocumentPlan[] {
  const user = withAddress(db, owner);
  const plans = [ribPlan(a, user)];
  for (const month of closedMonthsOf(a, now)) plans.push(statementPlan(db, a, user, month));
  if (a.type === 'savings') {
    const lastYear = Number(parisDayOf(now).slice(0, 4)) - 1;
    const lastOpen = a.closedAt ? Number(parisDayOf(a.closedAt).slice(0, 4)) : lastYear;
    for (
      let y = Number(parisDayOf(a.createdAt).slice(0, 4));
      y <= Math.min(lastYear, lastOpen);
      y++
    )
      plans.push(interestPlan(db, a, user, y));
  }
  return plans;
}

export const receiptReference = (transferId: number) =>
  `VIR-${String(transferId).padStart(8, '0')}`;

/** A transfer's « Justificatif de virement », dated when it was made. */
export function receiptPlan(
  db: Executor,
  t: typeof transfers.$inferSelect,
  payer: User,
): DocumentPlan {
  const user = withAddress(db, payer);
  const from = db.select().from(bankAccounts).where(eq(bankAccounts.id, t.fromAccountId)).get()!;
  return {
    userId: user.id,
    kind: 'transfer_receipt',
    subject: `transfer:${t.id}`,
    accountId: from.id,
    title: `Justificatif de virement ${receiptReference(t.id)} - ${t.beneficiaryName}`,
    createdAt: t.createdAt,
    notify: false,
    render: () =>
      renderReceipt({
        reference: receiptReference(t.id),
        at: t.createdAt,
        from: accountFacts(from, holderOf(user)),
        beneficiaryName: t.beneficiaryName,
        toIban: t.toIban,
        verification: verificationOf(db, t),
        amountCents: t.amountCents,
        label: t.label,
        status: 'Exécuté',
        issuedAt: t.createdAt,
      }),
  };
}

/** The payee check as the payer saw it: their saved beneficiary's, or AVENIR's own holder compared now. */
function verificationOf(db: Executor, t: typeof transfers.$inferSelect): string {
  const saved = db
    .select({ v: beneficiaries.verification })
    .from(beneficiaries)
    .where(and(eq(beneficiaries.userId, t.userId), eq(beneficiaries.iban, t.toIban)))
    .get();
  if (saved) return saved.v;
  if (!t.internal) return 'not_verifiable';
  const holder = db
    .select({ firstName: users.firstName, lastName: users.lastName })
    .from(bankAccounts)
    .innerJoin(users, eq(users.id, bankAccounts.userId))
    .where(eq(bankAccounts.iban, t.toIban))
    .get();
  return holder ? comparePayeeName(t.beneficiaryName, holder) : 'not_verifiable';
}

/** An executed order's avis d'opéré (once it is no longer open and had at least one fill). */
export function tradePlan(
  db: Executor,
  o: typeof orders.$inferSelect,
  owner: User,
): DocumentPlan | null {
  const user = withAddress(db, owner);
  if (o.status === 'open') return null;
  const fills = db
    .select({ at: trades.createdAt, quantity: trades.quantity, priceCents: trades.price })
    .from(trades)
    .where(or(eq(trades.buyOrderId, o.id), eq(trades.sellOrderId, o.id)))
    .orderBy(trades.id)
    .all();
  if (fills.length === 0) return null;
  const stock = db.select().from(stocks).where(eq(stocks.id, o.stockId)).get()!;
  const at = fills[fills.length - 1].at;
  const reference = `ORD-${String(o.id).padStart(8, '0')}`;
  return {
    userId: user.id,
    kind: 'trade_confirmation',
    subject: `order:${o.id}`,
    accountId: o.accountId,
    title: `Avis d’opéré - ${o.side === 'buy' ? 'achat' : 'vente'} ${stock.symbol}`,
    createdAt: at,
    notify: true,
    render: () =>
      renderTradeConfirmation({
        reference,
        holder: holderOf(user),
        side: o.side,
        stock: `${stock.name} (${stock.symbol})`,
        quantity: o.quantity,
        fills,
        feesCents: o.feePaid,
        issuedAt: at,
      }),
  };
}

/** Every plan of one user not issued yet: accounts, transfers, orders. */
export function userPlans(db: Executor, user: User, now: Date): DocumentPlan[] {
  const issued = new Set(
    db
      .select({ kind: documents.kind, subject: documents.subject, period: documents.period })
      .from(documents)
      .where(eq(documents.userId, user.id))
      .all()
      .map((d) => `${d.kind} ${d.subject} ${d.period}`),
  );
  const isNew = (kind: string, subject: string, period = '') =>
    !issued.has(`${kind} ${subject} ${period}`);
  const plans: DocumentPlan[] = [];
  const accounts = db
    .select()
    .from(bankAccounts)
    .where(
      and(eq(bankAccounts.userId, user.id), inArray(bankAccounts.type, ['checking', 'savings'])),
    )
    .all();
  for (const a of accounts) if (a.iban) plans.push(...accountPlans(db, a, user, now));
  for (const t of db.select().from(transfers).where(eq(transfers.userId, user.id)).all())
    if (isNew('transfer_receipt', `transfer:${t.id}`)) plans.push(receiptPlan(db, t, user));
  for (const o of db
    .select()
    .from(orders)
    .where(and(eq(orders.userId, user.id), sql`${orders.status} != 'open'`))
    .all()) {
    const plan = isNew('trade_confirmation', `order:${o.id}`) ? tradePlan(db, o, user) : null;
    if (plan) plans.push(plan);
  }
  return plans.filter((pl) => isNew(pl.kind, pl.subject, pl.period));
}
