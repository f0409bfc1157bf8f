import { and, desc, eq } from 'drizzle-orm';
import { idempotencyKeys } from '../ledger/schema';
import type { Platform } from '../platform';
import { bankAccounts, users } from '../db/schema';
import { beneficiaries, type Verification } from './schema';
import { compactIban, comparePayeeName, isAvenirIban, isValidIban } from './payee';
import { findAccountByIban } from './service';

export type PayeeVerification =
  { result: 'match' | 'no_match' | 'not_verifiable' } | { result: 'close_match'; name: string };

/** Verification of payee against the holder of an AVENIR IBAN (other banks: not_verifiable). */
export function verifyPayee(p: Platform, rawIban: string, name: string): PayeeVerification {
  const iban = compactIban(rawIban);
  if (!isValidIban(iban) || !isAvenirIban(iban)) return { result: 'not_verifiable' };
  const account = findAccountByIban(p.db, iban);
  const holder = account?.userId
    ? p.db.select().from(users).where(eq(users.id, account.userId)).get()
    : undefined;
  if (!holder) return { result: 'no_match' };
  const result = comparePayeeName(name, holder);
  return result === 'close_match'
    ? { result, name: `${holder.firstName} ${holder.lastName}` }
    : { result };
}

export type BeneficiaryView = {
  id: number;
  name: string;
  iban: string;
  verification: Verification;
  createdAt: string;
};

const toView = (b: typeof beneficiaries.$inferSelect): BeneficiaryView => ({
  id: b.id,
  name: b.name,
  iban: b.iban,
  verification: b.verification,
  createdAt: b.createdAt.toISOString(),
});

export function listBeneficiaries(p: Platform, userId: number): BeneficiaryView[] {
  return p.db
    .select()
    .from(beneficiaries)
    .where(eq(beneficiaries.userId, userId))
    .orderBy(desc(beneficiaries.id))
    .all()
    .map(toView);
}

/** Saves a payee (authorised by strong authentication); saving the same IBAN again updates its name. */
export function addBeneficiary(p: Platform, userId: number, name: string, rawIban: string) {
  const iban = compactIban(rawIban);
  const verification = verifyPayee(p, iban, name).result;
  const row = p.db
    .insert(beneficiaries)
    .values({ userId, name, iban, verification, createdAt: p.clock.now() })
    .onConflictDoUpdate({
      target: [beneficiaries.userId, beneficiaries.iban],
      set: { name, verification },
    })
    .returning()
    .get();
  return toView(row);
}

export function deleteBeneficiary(p: Platform, userId: number, id: number): boolean {
  const gone = p.db
    .delete(beneficiaries)
    .where(and(eq(beneficiaries.id, id), eq(beneficiaries.userId, userId)))
    .returning({ id: beneficiaries.id })
    .all();
  return gone.length > 0;
}

/**
 * Whether a transfer to `rawIban` needs strong authentication: a payee that is
 * neither one of the caller's accounts nor a saved beneficiary, unless the
 * Idempotency-Key already has an answer (a retry gets that answer, or its 409).
 */
export function needsSca(p: Platform, userId: number, rawIban: string, key: string): boolean {
  const iban = compactIban(rawIban);
  const own = p.db
    .select({ id: bankAccounts.id })
    .from(bankAccounts)
    .where(and(eq(bankAccounts.iban, iban), eq(bankAccounts.userId, userId)))
    .get();
  if (own) return false;
  const saved = p.db
    .select({ id: beneficiaries.id })
    .from(beneficiaries)
    .where(and(eq(beneficiaries.userId, userId), eq(beneficiaries.iban, iban)))
    .get();
  if (saved) return false;
  const answered = p.db
    .select({ key: idempotencyKeys.key })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)))
    .get();
  return !answered;
}
