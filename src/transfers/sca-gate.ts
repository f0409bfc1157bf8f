import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { Platform } from '../platform';
import type { User } from '../db/schema';
import { bankAccounts } from '../db/schema';
import { beneficiaries } from './schema';
import { compactIban } from './payee';

/** A payee the user has not vouched for: neither one of their own accounts nor a saved beneficiary. */
export function isNewPayee(db: Executor, userId: number, iban: string): boolean {
  const compact = compactIban(iban);
  const own = db
    .select({ id: bankAccounts.id })
    .from(bankAccounts)
    .where(and(eq(bankAccounts.userId, userId), eq(bankAccounts.iban, compact)))
    .get();
  if (own) return false;
  const saved = db
    .select({ id: beneficiaries.id })
    .from(beneficiaries)
    .where(and(eq(beneficiaries.userId, userId), eq(beneficiaries.iban, compact)))
    .get();
  return !saved;
}

export type ScaProof = { challengeId: number | string; passkey?: unknown; code?: string };
export type ScaCheck = 'ok' | 'sca_required' | 'sca_failed';

/**
 * The strong-authentication proof for `action` and `details` (PSD2 dynamic
 * linking). The SCA module (POST /api/sca/challenges and its guard) lives on
 * another branch: until the integrator wires this one call to it, no proof is
 * accepted, so a new payee always gets 403 `sca_required`.
 */
export async function verifyScaProof(
  _p: Platform,
  _user: User,
  _action: 'scheduled_transfer',
  _details: { fromAccountId: number; toIban: string; amountCents: number },
  _proof: ScaProof | undefined,
): Promise<ScaCheck> {
  return 'sca_required';
}

/**
 * The strong-authentication guard of a payment order: a new payee (see
 * isNewPayee) needs a valid proof for `action` and these details; a known one
 * passes. Checked before anything is stored, so a refusal stores nothing.
 */
export async function requireScaForNewPayee(
  p: Platform,
  user: User,
  action: 'scheduled_transfer',
  details: { fromAccountId: number; toIban: string; amountCents: number },
  proof: ScaProof | undefined,
): Promise<ScaCheck> {
  if (!isNewPayee(p.db, user.id, details.toIban)) return 'ok';
  return verifyScaProof(p, user, action, details, proof);
}
