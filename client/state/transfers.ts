/**
 * Sending money: verification of payee before confirming, the transfer itself
 * with an Idempotency-Key (one per confirmed transfer, the same one again when
 * the person retries after a failure that left the outcome unknown), and the
 * saved beneficiaries; a new payee is confirmed by strong authentication (state/sca.ts).
 * One per tab, made by createAppState and reached through useAppState().transfers.
 */
import { computed, effect, signal, untracked, type ReadonlySignal } from '@preact/signals';
import { api, ApiError } from '../api';
import { ok, rpc } from '../rpc';
import type { Beneficiary, Me, PayeeCheck, Transfer } from '../types';
import { compactIban } from '../iban';
import { withSca } from './sca';

export type TransferDraft = {
  fromAccountId: number;
  toIban: string;
  amountCents: number;
  label: string;
  beneficiaryName: string;
};

const newKey = () =>
  crypto.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** Failures after which the transfer may or may not have been made: retry with the same key. */
const outcomeUnknown = (e: unknown) =>
  !(e instanceof ApiError) || e.status === 0 || e.status >= 500 || e.status === 429;

export function createTransfers(deps: {
  me: ReadonlySignal<Me | null | undefined>;
  /** The balances after a transfer (the confirmation shows the new one). */
  reloadAccounts: () => Promise<void>;
}) {
  const beneficiaryItems = signal<Beneficiary[] | null>(null);
  const beneficiariesFailed = signal(false);
  /** The transfer being retried: its body and the key it was first sent with. */
  let pending: { body: string; key: string } | null = null;

  async function loadBeneficiaries() {
    try {
      beneficiaryItems.value = (await ok(rpc.beneficiaries.$get())).items;
      beneficiariesFailed.value = false;
    } catch {
      if (!beneficiaryItems.value) beneficiariesFailed.value = true;
    }
  }

  /** Saves a payee, confirmed through the strong-authentication sheet. */
  async function addBeneficiary(input: { name: string; iban: string }) {
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

  async function deleteBeneficiary(id: number) {
    await ok(rpc.beneficiaries[':id'].$delete({ param: { id: String(id) } }));
    beneficiaryItems.value = (beneficiaryItems.value ?? []).filter((b) => b.id !== id);
  }

  /** Verification of payee: does this name hold this IBAN? (asked before confirming) */
  function verifyPayee(iban: string, name: string): Promise<PayeeCheck> {
    return ok(rpc.payees.verify.$post({ json: { iban: compactIban(iban), name } }));
  }

  /**
   * Sends a confirmed transfer. The same draft sent again after an unknown outcome
   * (network, 5xx, 429) carries the same Idempotency-Key, so it lands once.
   */
  async function sendTransfer(draft: TransferDraft): Promise<Transfer> {
    const payload = { ...draft, toIban: compactIban(draft.toIban) };
    const body = JSON.stringify(payload);
    if (pending?.body !== body) pending = { body, key: newKey() };
    const key = pending.key;
    try {
      // A new payee: the confirmation sheet finishes this same request (same key) with a proof.
      const { fromAccountId, toIban, amountCents } = payload;
      const { transfer } = await withSca(
        'transfer',
        { fromAccountId, toIban, amountCents },
        (sca) =>
          api.post<{ transfer: Transfer }>(
            '/api/transfers',
            { ...payload, sca },
            { 'Idempotency-Key': key },
          ),
      );
      pending = null;
      await deps.reloadAccounts();
      return transfer;
    } catch (e) {
      if (!outcomeUnknown(e)) pending = null;
      throw e;
    }
  }

  // Signed out: forget, so whoever signs in next on this tab starts clean.
  const dispose = effect(() => {
    if (deps.me.value === null)
      untracked(() => {
        beneficiaryItems.value = null;
        beneficiariesFailed.value = false;
        pending = null;
      });
  });

  return {
    beneficiaries: computed(() => beneficiaryItems.value),
    beneficiariesFailed: computed(() => beneficiariesFailed.value),
    loadBeneficiaries,
    addBeneficiary,
    deleteBeneficiary,
    verifyPayee,
    sendTransfer,
    dispose,
  };
}
export type Transfers = ReturnType<typeof createTransfers>;
