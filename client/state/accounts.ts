/**
 * The client's accounts: the list (open ones first), the selected one, live
 * balances from the event stream (`account.updated`), and the named actions that
 * open, rename and close an account or simulate an incoming deposit (dev only).
 * One per tab, made by createAppState and reached through useAppState().accounts.
 */
import { computed, effect, signal, untracked, type ReadonlySignal } from '@preact/signals';
import { api } from '../api';
import { ok, rpc } from '../rpc';
import type { Account, AccountType, AccountUpdated, Me } from '../types';
import type { EventStream } from './event-stream';

export function createAccounts(deps: {
  me: ReadonlySignal<Me | null | undefined>;
  stream: EventStream;
}) {
  const items = signal<Account[] | null>(null);
  const failed = signal(false);
  const selected = signal<number | null>(null);
  /** Bumped per account when its balance changed live: the card animates on each bump. */
  const pulses = signal<ReadonlyMap<number, number>>(new Map());
  const depositAvailable = signal(false);

  const accounts = computed(() => items.value);
  const openAccounts = computed(() => items.value?.filter((a) => !a.closedAt) ?? []);
  const accountsFailed = computed(() => failed.value);
  /** The account whose history is shown: the one picked, else the first open one. */
  const selectedAccount = computed(() => {
    const list = items.value;
    if (!list) return null;
    return list.find((a) => a.id === selected.value) ?? openAccounts.value[0] ?? list[0] ?? null;
  });
  /** Changes only when another account is picked (not when its balance moves). */
  const selectedAccountId = computed(() => selectedAccount.value?.id ?? null);
  const balancePulses = computed(() => pulses.value);
  /** Whether `POST /dev/deposit` is served (never in production). */
  const canSimulateDeposit = computed(() => depositAvailable.value);

  async function loadAccounts() {
    try {
      items.value = (await ok(rpc.accounts.$get())).items;
      failed.value = false;
    } catch {
      if (!items.value) failed.value = true;
    }
  }

  function selectAccount(id: number) {
    selected.value = id;
  }

  const byOpenFirst = (a: Account, b: Account) =>
    Number(!!a.closedAt) - Number(!!b.closedAt) || a.id - b.id;

  function put(account: Account) {
    const list = items.value ?? [];
    const others = list.filter((a) => a.id !== account.id);
    items.value = [...others, account].sort(byOpenFirst);
  }

  async function openAccount(input: { type: AccountType; label: string }) {
    const { account } = await ok(rpc.accounts.$post({ json: input }));
    put(account);
    selected.value = account.id;
    return account;
  }

  async function renameAccount(id: number, label: string) {
    const param = { id: String(id) };
    put((await ok(rpc.accounts[':id'].$patch({ param, json: { label } }))).account);
  }

  async function closeAccount(id: number) {
    await ok(rpc.accounts[':id'].$delete({ param: { id: String(id) } }));
    if (selected.value === id) selected.value = null;
    await loadAccounts();
  }

  /** Dev only: money "from outside the bank", so a new sign-up can try transfers. */
  async function simulateDeposit(accountId: number, amountCents: number) {
    await api.post('/dev/deposit', { accountId, amountCents });
  }

  /** Asks once whether the dev deposit route exists (an empty body is refused, not 404). */
  async function detectDeposit() {
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
  function receiveAccountUpdate({ account }: AccountUpdated) {
    const old = items.value?.find((a) => a.id === account.id);
    if (!items.value) return;
    put(account);
    if (old && old.balanceCents !== account.balanceCents)
      pulses.value = new Map(pulses.value).set(account.id, (pulses.value.get(account.id) ?? 0) + 1);
  }

  const undo = [
    deps.stream.on('account.updated', receiveAccountUpdate),
    deps.stream.onResync(() => {
      if (items.value) void loadAccounts();
    }),
    effect(() => {
      if (deps.me.value === null)
        untracked(() => {
          items.value = null;
          failed.value = false;
          selected.value = null;
        });
    }),
  ];

  return {
    accounts,
    openAccounts,
    accountsFailed,
    selectedAccount,
    selectedAccountId,
    balancePulses,
    canSimulateDeposit,
    loadAccounts,
    selectAccount,
    openAccount,
    renameAccount,
    closeAccount,
    simulateDeposit,
    detectDeposit,
    receiveAccountUpdate,
    dispose: () => undo.forEach((fn) => fn()),
  };
}
export type Accounts = ReturnType<typeof createAccounts>;
