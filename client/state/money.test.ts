/**
 * The accounts and transfers models against the real app: what they show after
 * each action, and the Idempotency-Key rule (a retry after an unknown outcome
 * reuses the key, so the money moves once; a refusal or a success starts afresh).
 */
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { createAccounts } from './accounts';
import { createTransfers, type TransferDraft } from './transfers';
import type { Me } from '../types';
import { createStreamBridge, useModelServer } from './model-harness';
import { answer } from '../../test/harness';

const server = useModelServer();
const me = signal<Me | null | undefined>(undefined);
const { accounts, loadAccounts, openAccount, openAccounts, selectedAccount } = createAccounts({
  me,
  stream: createStreamBridge().stream,
});
const { sendTransfer } = createTransfers({ me, reloadAccounts: loadAccounts });
const keysOf = (path: string) =>
  server.sent.filter((s) => s.path === path).map((s) => s.headers['idempotency-key']);
const balanceOf = (id: number) => accounts.value!.find((a) => a.id === id)!.balanceCents;

describe('accounts and transfers models', () => {
  it('lists the accounts, selects the first open one, and a new account becomes the selected one', async () => {
    await server.signIn('client1@avenir.test');
    await loadAccounts();
    const own = await answer(server.agent.api.accounts.$get());
    expect(own.status).toBe(200);
    if (!('items' in own.body)) throw new Error('no accounts');
    expect(accounts.value!.map((a) => a.id)).toEqual(own.body.items.map((a) => a.id));
    expect(selectedAccount.value!.id).toBe(openAccounts.value[0].id);

    const opened = await openAccount({ type: 'savings', label: 'Projet vélo' });
    expect(selectedAccount.value!.id).toBe(opened.id);
    expect(openAccounts.value.map((a) => a.label)).toContain('Projet vélo');
  });

  it('a transfer whose answer was lost is sent again with the same key and lands once', async () => {
    await server.signIn('client2@avenir.test');
    await loadAccounts();
    const [from, to] = openAccounts.value;
    await server.agent.post('/dev/deposit', { accountId: from.id, amountCents: 500_00 });
    await loadAccounts();
    const before = balanceOf(from.id);
    const draft: TransferDraft = {
      fromAccountId: from.id,
      toIban: to.iban.replace(/(.{4})/g, '$1 ').toLowerCase(), // as typed
      amountCents: 123_45,
      label: 'Perdu puis retrouvé',
      beneficiaryName: 'Moi',
    };

    server.loseAnswers = 1;
    const lost = await sendTransfer(draft).catch((e) => e);
    expect(lost).toBeInstanceOf(ApiError);
    expect(lost.status).toBe(0);
    const transfer = await sendTransfer(draft);
    const [first, second] = keysOf('/api/transfers');
    expect(second).toBe(first);
    expect(transfer.toIban).toBe(to.iban);

    // Once: one transfer with that label, the balance (reloaded by the model) down once
    const listed = (await server.agent.get('/api/transfers')).body.items;
    expect(listed.filter((t: { label: string }) => t.label === draft.label)).toHaveLength(1);
    expect(balanceOf(from.id)).toBe(before - 123_45);

    // Confirmed again after it went through: a new transfer, under a new key
    await sendTransfer(draft);
    expect(new Set(keysOf('/api/transfers')).size).toBe(2);
    await loadAccounts();
    expect(balanceOf(from.id)).toBe(before - 2 * 123_45);
  });

  it('a refused transfer is not retried under its key: the next try is a new request', async () => {
    await server.signIn('client3@avenir.test');
    await loadAccounts();
    const to = await openAccount({ type: 'checking', label: 'Second compte' });
    const from = openAccounts.value.find((a) => a.id !== to.id)!;
    const tooMuch: TransferDraft = {
      fromAccountId: from.id,
      toIban: to.iban,
      amountCents: from.availableCents + 1,
      label: 'Trop',
      beneficiaryName: 'Moi',
    };
    const sentBefore = keysOf('/api/transfers').length;
    const refused = await sendTransfer(tooMuch).catch((e) => e);
    expect(refused).toMatchObject({ status: 409, code: 'insufficient_funds' });
    await server.agent.post('/dev/deposit', { accountId: from.id, amountCents: 10_00 });
    await sendTransfer(tooMuch);
    const keys = keysOf('/api/transfers').slice(sentBefore);
    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it('a sign-out forgets the transfer awaiting a retry: the next person starts with a new key', async () => {
    await server.signIn('client5@avenir.test');
    await loadAccounts();
    const to = await openAccount({ type: 'checking', label: 'Pour la sortie' });
    const from = openAccounts.value.find((a) => a.id !== to.id)!;
    await server.agent.post('/dev/deposit', { accountId: from.id, amountCents: 50_00 });
    const draft: TransferDraft = {
      fromAccountId: from.id,
      toIban: to.iban,
      amountCents: 10_00,
      label: 'Avant la déconnexion',
      beneficiaryName: 'Moi',
    };
    const sentBefore = keysOf('/api/transfers').length;
    server.loseAnswers = 1;
    await sendTransfer(draft).catch(() => {});
    me.value = { advisor: null, passkeys: 0, ...server.agent.user };
    me.value = null; // signed out on this tab
    await sendTransfer(draft);
    const keys = keysOf('/api/transfers').slice(sentBefore);
    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
  });
});
