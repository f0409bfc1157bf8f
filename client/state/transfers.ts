/**
 * Sending money: verification of payee before confirming, the transfer itself
 * with an Idempotency-Key (one per confirmed transfer, the same one again when
 * the person retries after a failure that left the outcome unknown), and the
 * saved beneficiaries; a new payee is confirmed by strong authentication (state/sca.ts).
 */
import { computed, effect, signal, untracked } from '@preact/signals';
import { api, ApiError } from '../api';
import type { Beneficiary, PayeeCheck, Transfer } from '../types';
import { compactIban } from '../iban';
import { loadAccounts } from './accounts';
import { me } from './session';
import { withSca } from './sca';

export type TransferDraft = {
  fromAccountId: number;
  toIban: string;
  amountCents: number;
  label: string;
  beneficiaryName: string;
};

const beneficiaryItems = signal<Beneficiary[] | null>(null);
const beneficiariesFailedSignal = signal(false);

export const beneficiaries = computed(() => beneficiaryItems.value);
export const beneficiariesFailed = computed(() => beneficiariesFailedSignal.value);

export async function loadBeneficiaries() {
  try {
    beneficiaryItems.value = (await api.get<{ items: Beneficiary[] }>('/api/beneficiaries')).items;
    beneficiariesFailedSignal.value = false;
  } catch {
    if (!beneficiaryItems.value) beneficiariesFailedSignal.value = true;
  }
}

/** Saves a payee, confirmed through the strong-authentication sheet. */
export async function addBeneficiary(input: { name: string; iban: string }) {
  const details = { name: input.name, iban: compactIban(input.iban) };
  const { beneficiary } = await withSca(
    'beneficiary.add',
    details,
    (sca) => api.post<{ beneficiary: Beneficiary }>('/api/beneficiaries', { ...details, sca }),
    { always: true },
  );
  beneficiaryItems.value = [...(beneficiaryItems.value ?? []), beneficiary];
  return beneficiary;
}

export async function deleteBeneficiary(id: number) {
  await api.delete(`/api/beneficiaries/${id}`);
  beneficiaryItems.value = (beneficiaryItems.value ?? []).filter((b) => b.id !== id);
}

/** Verification of payee: does this name hold this IBAN? (asked before confirming) */
export async function verifyPayee(iban: string, name: string): Promise<PayeeCheck> {
  return api.post<PayeeCheck>('/api/payees/verify', { iban: compactIban(iban), name });
}

/** The transfer being retried: its body and the key it was first sent with. */
let pending: { body: string; key: string } | null = null;

const newKey = () =>
  crypto.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** Failures after which the transfer may or may not have been made: retry with the same key. */
const outcomeUnknown = (e: unknown) =>
  !(e instanceof ApiError) || e.status === 0 || e.status >= 500 || e.status === 429;

/**
 * Sends a confirmed transfer. The same draft sent again after an unknown outcome
 * (network, 5xx, 429) carries the same Idempotency-Key, so it lands once.
 */
export async function sendTransfer(draft: TransferDraft): Promise<Transfer> {
  const payload = { ...draft, toIban: compactIban(draft.toIban) };
  const body = JSON.stringify(payload);
  if (pending?.body !== body) pending = { body, key: newKey() };
  const key = pending.key;
  try {
    // A new payee: the confirmation sheet finishes this same request (same key) with a proof.
    const { fromAccountId, toIban, amountCents } = payload;
    const { transfer } = await withSca('transfer', { fromAccountId, toIban, amountCents }, (sca) =>
      api.post<{ transfer: Transfer }>(
        '/api/transfers',
        { ...payload, sca },
        {
          'Idempotency-Key': key,
        },
      ),
    );
    pending = null;
    await loadAccounts(); // the confirmation shows the new balance
    return transfer;
  } catch (e) {
    if (!outcomeUnknown(e)) pending = null;
    throw e;
  }
}

/** Signed out: forget, so whoever signs in next on this tab starts clean (called by createAppState). */
export function connectTransfers() {
  return effect(() => {
    if (me.value === null)
      untracked(() => {
        beneficiaryItems.value = null;
        beneficiariesFailedSignal.value = false;
        pending = null;
      });
  });
}
