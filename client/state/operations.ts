/**
 * The selected account's history: newest first, filtered by `q`, `from` and
 * `to`, older pages behind the oldest shown (`before`), and live movements at
 * the top. A change of account or filter starts over; an answer to an older
 * question is dropped.
 */
import { computed, effect, signal, untracked } from '@preact/signals';
import { api } from '../api';
import type { AccountUpdated, Operation } from '../types';
import type { EventStream } from './event-stream';
import { mergeNewestFirst } from './paged-list';
import { selectedAccount, selectedAccountId } from './accounts';

export const HISTORY_PAGE_SIZE = 30;

export type HistoryFilters = { q: string; from: string; to: string };
const NO_FILTERS: HistoryFilters = { q: '', from: '', to: '' };

const items = signal<Operation[] | null>(null);
const more = signal(false);
const failed = signal(false);
const loadingMore = signal(false);
const filterSignal = signal<HistoryFilters>(NO_FILTERS);
/** Ids that arrived live in this tab: shown with a highlight. */
const arrived = signal<ReadonlySet<number>>(new Set());

export const operations = computed(() => items.value);
export const operationsHaveMore = computed(() => more.value);
export const operationsFailed = computed(() => failed.value);
export const operationsLoadingMore = computed(() => loadingMore.value);
export const historyFilters = computed(() => filterSignal.value);
export const operationsArrivedLive = computed(() => arrived.value);
export const filtersActive = computed(() => {
  const f = filterSignal.value;
  return !!(f.q.trim() || f.from || f.to);
});

let asked = 0;

function pathFor(accountId: number, before?: number) {
  const f = filterSignal.value;
  const params = new URLSearchParams({ limit: String(HISTORY_PAGE_SIZE) });
  if (before) params.set('before', String(before));
  if (f.q.trim()) params.set('q', f.q.trim());
  if (f.from) params.set('from', f.from);
  if (f.to) params.set('to', f.to);
  return `/api/accounts/${accountId}/operations?${params}`;
}

/** The newest page for the selected account and the current filters. */
export async function loadOperations() {
  const account = untracked(() => selectedAccount.value);
  if (!account) return;
  const question = ++asked;
  try {
    const page = await api.get<{ items: Operation[]; hasMore: boolean }>(pathFor(account.id));
    if (question !== asked) return;
    items.value = page.items;
    more.value = page.hasMore;
    failed.value = false;
  } catch {
    if (question === asked) failed.value = true;
  }
}

/** Infinite scroll: the page before the oldest operation shown. */
export async function loadOlderOperations() {
  const account = selectedAccount.value;
  const list = items.value;
  if (!account || !list?.length || loadingMore.value || !more.value) return;
  const question = asked;
  loadingMore.value = true;
  try {
    const page = await api.get<{ items: Operation[]; hasMore: boolean }>(
      pathFor(account.id, list[list.length - 1].id),
    );
    if (question !== asked) return;
    items.value = mergeNewestFirst(items.value ?? [], page.items);
    more.value = page.hasMore;
  } finally {
    loadingMore.value = false;
  }
}

export function setHistoryFilters(next: Partial<HistoryFilters>) {
  filterSignal.value = { ...filterSignal.value, ...next };
}

export function clearHistoryFilters() {
  filterSignal.value = NO_FILTERS;
}

function receive({ account, operation }: AccountUpdated) {
  // Filtered lists are refetched rather than guessed at.
  if (!operation || account.id !== selectedAccount.value?.id || !items.value) return;
  if (filtersActive.value) return void loadOperations();
  if (items.value.some((o) => o.id === operation.id)) return;
  items.value = mergeNewestFirst(items.value, [operation]);
  arrived.value = new Set(arrived.value).add(operation.id);
}

/**
 * Ties the history to the stream and to the selected account; called once, by
 * createAppState. A new account or new filters start over (« loading » meanwhile).
 */
export function connectOperations(stream: EventStream) {
  let lastAccountId: number | null = null;
  const undo = [
    stream.on('account.updated', receive),
    stream.onResync(() => {
      if (items.value) void loadOperations();
    }),
    effect(() => {
      const id = selectedAccountId.value;
      void filterSignal.value;
      untracked(() => {
        if (id !== lastAccountId) arrived.value = new Set();
        lastAccountId = id;
        asked++;
        items.value = null;
        more.value = false;
        failed.value = false;
        if (id !== null) void loadOperations();
      });
    }),
  ];
  return () => undo.forEach((fn) => fn());
}
