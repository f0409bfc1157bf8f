/**
 * The client's accounts: the list (open ones first), the selected one, live
 * balances from the event stream (`account.updated`), and the named actions that
 * open, rename and close an account or simulate an incoming deposit (dev only).
 */
import { computed, effect, signal, untracked } from '@preact/signals';
import { api } from '../api';
import { ok, rpc } from '../rpc';
import type { Account, AccountType, AccountUpdated } from '../types';
import type { EventStream } from './event-stream';
import { me } from './session';

const items = signal<Account[] | null>(null);
const failed = signal(false);
const selected = signal<number | null>(null);
/** Bumped per account when its balance changed live: the card animates on each bump. */
const pulses = signal<ReadonlyMap<number, number>>(new Map());
const depositAvailable = signal(false);

export const accounts = computed(() => items.value);
export const openAccounts = computed(() => items.value?.filter((a) => !a.closedAt) ?? []);
export const accountsFailed = computed(() => failed.value);
/** The account whose history is shown: the one picked, else the first open one. */
export const selectedAccount = computed(() => {
  const list = items.value;
  if (!list) return null;
  return list.find((a) => a.id === selected.value) ?? openAccounts.value[0] ?? list[0] ?? null;
});
/** Changes only when another account is picked (not when its balance moves). */
export const selectedAccountId = computed(() => selectedAccount.value?.id ?? null);
export const balancePulses = computed(() => pulses.value);
/** Whether `POST /dev/deposit` is served (never in production). */
export const canSimulateDeposit = computed(() => depositAvailable.value);

export async function loadAccounts() {
  try {
    items.value = (await ok(rpc.accounts.$get())).items;
    failed.value = false;
  } catch {
    if (!items.value) failed.value = true;
  }
}

export function selectAccount(id: number) {
  selected.value = id;
}

const byOpenFirst = (a: Account, b: Account) =>
  Number(!!a.closedAt) - Number(!!b.closedAt) || a.id - b.id;

function put(account: Account) {
  const list = items.value ?? [];
  const others = list.filter((a) => a.id !== account.id);
  items.value = [...others, account].sort(byOpenFirst);
}

export async function openAccount(input: { type: AccountType; label: string }) {
  const { account } = await ok(rpc.accounts.$post({ json: input }));
  put(account);
  selected.value = account.id;
  return account;
}

export async function renameAccount(id: number, label: string) {
  const param = { id: String(id) };
  put((await ok(rpc.accounts[':id'].$patch({ param, json: { label } }))).account);
}

export async function closeAccount(id: number) {
  await ok(rpc.accounts[':id'].$delete({ param: { id: String(id) } }));
  if (selected.value === id) selected.value = null;
  await loadAccounts();
}

/** Dev only: money "from outside the bank", so a new sign-up can try transfers. */
export async function simulateDeposit(accountId: number, amountCents: number) {
  await api.post('/dev/deposit', { accountId, amountCents });
}

/** Asks once whether the dev deposit route exists (an empty body is refused, not 404). */
export async function detectDeposit() {
  try {
    const res = await fetch('/dev/deposit', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    depositAvailable.value = res.status !== 404 && res.status !== 405;
  } catch {
    depositAvailable.value = false;
  }
}

/** A movement on one of the caller's accounts, from any tab or any person. */
export function receiveAccountUpdate({ account }: AccountUpdated) {
  const old = items.value?.find((a) => a.id === account.id);
  if (!items.value) return;
  put(account);
  if (old && old.balanceCents !== account.balanceCents)
    pulses.value = new Map(pulses.value).set(account.id, (pulses.value.get(account.id) ?? 0) + 1);
}

/** Ties the accounts to the tab's event stream and to the session; called once, by createAppState. */
export function connectAccounts(stream: EventStream) {
  const undo = [
    stream.on('account.updated', receiveAccountUpdate),
    stream.onResync(() => {
      if (items.value) void loadAccounts();
    }),
    effect(() => {
      if (me.value === null)
        untracked(() => {
          items.value = null;
          failed.value = false;
          selected.value = null;
        });
    }),
  ];
  return () => undo.forEach((fn) => fn());
}
