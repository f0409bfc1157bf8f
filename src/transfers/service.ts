import { eq, sql } from 'drizzle-orm';
import { preparedPer } from '../db/prepared';
import type { Platform } from '../platform';
import type { Executor } from '../db/client';
import { findAccountTx } from '../ledger/post';
import { bankAccounts, users, type User } from '../db/schema';
import {
  hashRequest,
  postOperation,
  runIdempotent,
  systemAccountTx,
  SYSTEM,
  type BankAccount,
  type Published,
} from '../ledger';
import { hitLimit } from '../http/limits';
import { insertNotificationTx, type NotificationView } from '../notifications/notifications';
import { hitRecipientLimits } from '../notifications/service';
import { transfers } from './schema';
import { compactIban, isAvenirIban } from './payee';
import { formatEuros } from './money-format';
import { publish } from '../realtime/publish';

export type TransferInput = {
  fromAccountId: number;
  toIban: string;
  amountCents: number;
  label: string;
  beneficiaryName: string;
};

export type TransferView = {
  id: number;
  fromAccountId: number;
  toIban: string;
  amountCents: number;
  label: string;
  beneficiaryName: string;
  internal: boolean;
  /** Every stored transfer was executed (a refused scheduled occurrence is a run, not a transfer). */
  status: 'executed';
  scheduledId: number | null;
  createdAt: string;
};

/** Why a transfer was refused; the route turns each into the contract's status. */
export type TransferRefusal =
  | 'not_found'
  | 'account_closed'
  | 'same_account'
  | 'unknown_avenir_iban'
  | 'target_closed'
  | 'savings_restricted'
  | 'insufficient_funds'
  | 'idempotency_conflict';

export type TransferResult =
  { ok: true; transfer: TransferView; replayed: boolean } | { ok: false; reason: TransferRefusal };

const fullName = (u: Pick<User, 'firstName' | 'lastName'>) => `${u.firstName} ${u.lastName}`;

const statements = preparedPer((db) => ({
  accountByIban: db
    .select()
    .from(bankAccounts)
    .where(eq(bankAccounts.iban, sql.placeholder('iban')))
    .prepare(),
  user: db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare(),
  insertTransfer: db
    .insert(transfers)
    .values({
      userId: sql.placeholder('userId'),
      operationId: sql.placeholder('operationId'),
      fromAccountId: sql.placeholder('fromAccountId'),
      toIban: sql.placeholder('toIban'),
      amountCents: sql.placeholder('amountCents'),
      label: sql.placeholder('label'),
      beneficiaryName: sql.placeholder('beneficiaryName'),
      internal: sql.placeholder('internal'),
      scheduledId: sql.placeholder('scheduledId'),
      createdAt: sql.placeholder('createdAt'),
    })
    .returning()
    .prepare(),
}));

/** The customer account an AVENIR IBAN names, or null. */
export function findAccountByIban(tx: Executor, iban: string): BankAccount | null {
  return statements(tx).accountByIban.get({ iban }) ?? null;
}

type RunRefusal = Exclude<TransferRefusal, 'idempotency_conflict'>;

/**
 * Who pays whom, checked before any money moves (a transfer, or a scheduled one
 * when it is set up): the caller's own open account, another IBAN, an AVENIR IBAN
 * naming an open customer account, a Livret paying only its owner.
 */
export function resolveTransferTx(tx: Executor, user: User, fromAccountId: number, iban: string) {
  const refuse = (reason: RunRefusal) => ({ ok: false, reason }) as const;
  const toIban = compactIban(iban);
  const from = findAccountTx(tx, fromAccountId);
  if (!from || from.userId !== user.id || (from.type !== 'checking' && from.type !== 'savings'))
    return refuse('not_found');
  if (from.closedAt) return refuse('account_closed');
  if (toIban === from.iban) return refuse('same_account');
  const internal = isAvenirIban(toIban);
  const to = internal ? findAccountByIban(tx, toIban) : null;
  if (internal && (!to || to.userId === null)) return refuse('unknown_avenir_iban');
  if (to?.closedAt) return refuse('target_closed');
  if (from.type === 'savings' && to?.userId !== user.id) return refuse('savings_restricted');
  return { ok: true, from, to, internal, toIban } as const;
}

type Notice = { recipientId: number; notification: NotificationView };

/** A transfer done inside the caller's transaction, with what to publish once it commits. */
export type TransferDone = {
  ok: true;
  row: typeof transfers.$inferSelect;
  published: Published[];
  notice: Notice | null;
};

/**
 * Moves money out of one of `user`'s accounts, in the caller's transaction:
 * internal (an AVENIR IBAN) both sides in one operation, with a notification to
 * the recipient; external as a simulated SEPA transfer to the bank's external
 * account. A refusal writes nothing. POST /api/transfers and each scheduled
 * occurrence both go through here.
 */
export function transferTx(
  tx: Executor,
  user: User,
  input: TransferInput & { scheduledId?: number | null },
  now: Date,
  /** Whether the recipient may be told (their notification limits); the money moves anyway. */
  mayNotify: (recipientId: number) => boolean = () => true,
): TransferDone | { ok: false; reason: RunRefusal } {
  const resolved = resolveTransferTx(tx, user, input.fromAccountId, input.toIban);
  if (!resolved.ok) return resolved;
  const { from, to, internal, toIban } = resolved;
  const label = input.label.trim() || (internal ? 'Virement' : 'Virement SEPA');
  const target = to ?? systemAccountTx(tx, SYSTEM.external);
  const recipient = to ? statements(tx).user.get({ id: to.userId! })! : null;
  const refuse = (reason: RunRefusal) => ({ ok: false, reason }) as const;
  const posted = postOperation(
    tx,
    {
      kind: 'transfer',
      label,
      userId: user.id,
      postings: [
        {
          accountId: from.id,
          amount: -input.amountCents,
          counterparty: { name: input.beneficiaryName, iban: toIban },
        },
        {
          accountId: target.id,
          amount: input.amountCents,
          counterparty: { name: fullName(user), iban: from.iban },
        },
      ],
    },
    now,
  );
  if (!posted.ok)
    return refuse(posted.reason === 'insufficient_funds' ? 'insufficient_funds' : 'account_closed');
  const row = statements(tx).insertTransfer.get({
    userId: user.id,
    operationId: posted.operationId,
    fromAccountId: from.id,
    toIban,
    amountCents: input.amountCents,
    label,
    beneficiaryName: input.beneficiaryName,
    internal,
    scheduledId: input.scheduledId ?? null,
    createdAt: now,
  })!;
  const published: Published[] = [...posted.published];
  let notice: Notice | null = null;
  if (recipient && recipient.id !== user.id && mayNotify(recipient.id)) {
    const sent = insertNotificationTx(
      tx,
      null,
      {
        recipientId: recipient.id,
        kind: 'transfer',
        title: `Virement reçu : ${formatEuros(input.amountCents)} de ${fullName(user)}`,
        body: label,
        link: '/',
      },
      now,
    );
    published.push(sent.published);
    notice = { recipientId: recipient.id, notification: sent.notification };
  }
  return { ok: true, row, published, notice };
}

/** After the commit: live events now, the recipient's Web Push in the background. */
export function publishTransfer(p: Platform, done: Pick<TransferDone, 'published' | 'notice'>) {
  const { notice } = done;
  const pushes = notice ? [{ userId: notice.recipientId, notification: notice.notification }] : [];
  publish(p, { published: done.published, pushes });
}

/**
 * POST /api/transfers: one transfer per (user, Idempotency-Key); the same key
 * and body again gets the first transfer back (`replayed`), another body
 * `idempotency_conflict`. A refusal stores nothing.
 */
export async function createTransfer(
  p: Platform,
  user: User,
  key: string,
  rawBody: unknown,
  input: TransferInput,
): Promise<TransferResult> {
  const now = p.clock.now();
  const requestHash = hashRequest('POST /api/transfers', rawBody);
  let done: TransferDone | null = null;
  const r = runIdempotent(p.db, { userId: user.id, key, requestHash, now }, (tx) => {
    // The notice counts in the recipient's limits: past them, the money still moves, unannounced.
    const outcome = transferTx(
      tx,
      user,
      input,
      now,
      (id) => hitRecipientLimits(p, id, 'transfer').ok,
    );
    if (!outcome.ok) return outcome;
    done = outcome;
    return { ok: true, value: { transfer: toTransferView(outcome.row) } };
  });
  if (!r.ok) {
    // no oracle of which AVENIR IBANs exist: such tries are limited (routes.ts checks the limit)
    if (r.reason === 'unknown_avenir_iban') hitLimit(p, 'unknownIbanTransfers', user.id);
    return r;
  }
  if (done) publishTransfer(p, done);
  return { ok: true, transfer: r.value.transfer, replayed: r.replayed };
}

export function toTransferView(t: typeof transfers.$inferSelect): TransferView {
  return {
    id: t.id,
    fromAccountId: t.fromAccountId,
    toIban: t.toIban,
    amountCents: t.amountCents,
    label: t.label,
    beneficiaryName: t.beneficiaryName,
    internal: t.internal,
    status: 'executed',
    scheduledId: t.scheduledId,
    createdAt: t.createdAt.toISOString(),
  };
}
