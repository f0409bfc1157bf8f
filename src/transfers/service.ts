import { eq, sql } from 'drizzle-orm';
import { preparedPer } from '../db/prepared';
import type { Platform } from '../platform';
import type { Executor } from '../db/client';
import { findAccountTx } from '../ledger/post';
import { bankAccounts, users, type User } from '../db/schema';
import {
  hashRequest,
  postOperation,
  publishAll,
  runIdempotent,
  systemAccountTx,
  SYSTEM,
  type Answer,
  type BankAccount,
  type Published,
} from '../ledger';
import { errorBody } from '../http/errors';
import { hitLimit } from '../http/limits';
import { insertNotificationTx, type NotificationView } from '../notifications/notifications';
import { hitRecipientLimits } from '../notifications/service';
import { pushNotification } from '../push/deliver';
import { transfers } from './schema';
import { compactIban, isAvenirIban } from './payee';
import { formatEuros } from './money-format';

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
  createdAt: string;
};

const refuse = (
  status: number,
  code: string,
  message?: string,
  fields?: Record<string, string>,
) => ({
  status,
  body: errorBody(code, message, fields),
});

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
      createdAt: sql.placeholder('createdAt'),
    })
    .returning()
    .prepare(),
}));

/** The customer account an AVENIR IBAN names, or null. */
export function findAccountByIban(tx: Executor, iban: string): BankAccount | null {
  return statements(tx).accountByIban.get({ iban }) ?? null;
}

/**
 * Moves money out of one of the caller's accounts, once per Idempotency-Key:
 * internal (an AVENIR IBAN) both sides in one operation, with a notification to
 * the recipient; external as a simulated SEPA transfer to the bank's external
 * account. A refusal stores nothing. The answer goes out after the commit.
 */
export async function createTransfer(
  p: Platform,
  user: User,
  key: string,
  rawBody: unknown,
  input: TransferInput,
): Promise<Answer> {
  const now = p.clock.now();
  let notice: { recipientId: number; notification: NotificationView } | null = null;
  const answer = runIdempotent(
    p.db,
    { userId: user.id, key, requestHash: hashRequest('POST /api/transfers', rawBody), now },
    (tx) => {
      notice = null;
      const toIban = compactIban(input.toIban);
      const from = findAccountTx(tx, input.fromAccountId);
      if (!from || from.userId !== user.id || (from.type !== 'checking' && from.type !== 'savings'))
        return refuse(404, 'not_found');
      if (from.closedAt) return refuse(409, 'account_closed', 'Ce compte est clôturé.');
      if (toIban === from.iban)
        return refuse(400, 'validation_failed', undefined, {
          toIban: 'Le compte destinataire est le compte débité.',
        });
      const internal = isAvenirIban(toIban);
      const to = internal ? findAccountByIban(tx, toIban) : null;
      if (internal && (!to || to.userId === null)) {
        hitLimit(p, 'unknownIbanTransfers', user.id); // no oracle of which IBANs exist (routes.ts)
        return refuse(400, 'validation_failed', undefined, {
          toIban: 'Aucun compte AVENIR ne porte cet IBAN.',
        });
      }
      if (to?.closedAt) return refuse(409, 'account_closed', 'Le compte destinataire est clôturé.');
      if (from.type === 'savings' && to?.userId !== user.id)
        return refuse(
          409,
          'savings_restricted',
          'Un livret ne peut virer que vers vos propres comptes.',
        );
      const label = input.label.trim() || (internal ? 'Virement' : 'Virement SEPA');
      const target = to ?? systemAccountTx(tx, SYSTEM.external);
      const recipient = to ? statements(tx).user.get({ id: to.userId! })! : null;
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
        return posted.reason === 'insufficient_funds'
          ? refuse(409, 'insufficient_funds', 'Solde disponible insuffisant.')
          : refuse(409, 'account_closed', 'Un des comptes est clôturé.');
      const row = statements(tx).insertTransfer.get({
        userId: user.id,
        operationId: posted.operationId,
        fromAccountId: from.id,
        toIban,
        amountCents: input.amountCents,
        label,
        beneficiaryName: input.beneficiaryName,
        internal,
        createdAt: now,
      })!;
      const published: Published[] = [...posted.published];
      // The notice counts in the recipient's limits: past them, the money still moves, unannounced.
      if (
        recipient &&
        recipient.id !== user.id &&
        hitRecipientLimits(p, recipient.id, 'transfer').ok
      ) {
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
      return { status: 201, body: { transfer: toTransferView(row) }, published };
    },
  );
  if (answer.published) publishAll(p.hub, answer.published);
  const n = notice as { recipientId: number; notification: NotificationView } | null;
  if (n && !answer.replayed) p.defer(pushNotification(p, n.recipientId, n.notification));
  return answer;
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
    createdAt: t.createdAt.toISOString(),
  };
}
