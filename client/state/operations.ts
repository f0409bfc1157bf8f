/**
 * An account's history: newest first, filtered by `q`, `from` and `to`, older
 * pages behind the oldest shown (`before`), and live movements at the top. A
 * change of account or filter starts over; an answer to an older question is
 * dropped. One model per place that shows a history: the client's own selected
 * account (createOwnHistory), and the account open in a staff client file (same component).
 */
import { computed, effect, signal, untracked, type ReadonlySignal } from '@preact/signals';
import { api } from '../api';
import type { AccountUpdated, Operation } from '../types';
import type { EventStream } from './event-stream';
import { mergeNewestFirst } from './paged-list';

export const HISTORY_PAGE_SIZE = 30;

export type HistoryFilters = { q: string; from: string; to: string };
const NO_FILTERS: HistoryFilters = { q: '', from: '', to: '' };

type Page = { items: Operation[]; hasMore: boolean };

export function createHistoryModel(opts: {
  account: ReadonlySignal<{ id: number; label: string } | null>;
  /** The account's base path: its operations are `${base}/operations`, its CSV `${base}/operations.csv`. */
  base: (accountId: number) => string;
}) {
  const items = signal<Operation[] | null>(null);
  const more = signal(false);
  const failed = signal(false);
  const loadingMore = signal(false);
  const filterSignal = signal<HistoryFilters>(NO_FILTERS);
  /** Ids that arrived live in this tab: shown with a highlight. */
  const arrived = signal<ReadonlySet<number>>(new Set());
  const filtersActive = computed(() => {
    const f = filterSignal.value;
    return !!(f.q.trim() || f.from || f.to);
  });
  const accountId = computed(() => opts.account.value?.id ?? null);
  let asked = 0;

  function pathFor(accountId: number, before?: number) {
    const f = filterSignal.value;
    const params = new URLSearchParams({ limit: String(HISTORY_PAGE_SIZE) });
    if (before) params.set('before', String(before));
    if (f.q.trim()) params.set('q', f.q.trim());
    if (f.from) params.set('from', f.from);
    if (f.to) params.set('to', f.to);
    return `${opts.base(accountId)}/operations?${params}`;
  }

  /** The newest page for the account and the current filters. */
  async function loadOperations() {
    const account = untracked(() => opts.account.value);
    if (!account) return;
    const question = ++asked;
    try {
      const page = await api.get<Page>(pathFor(account.id));
      if (question !== asked) return;
      items.value = page.items;
      more.value = page.hasMore;
      failed.value = false;
    } catch {
      if (question === asked) failed.value = true;
    }
  }

  /** Infinite scroll: the page before the oldest operation shown. */
  async function loadOlderOperations() {
    const account = opts.account.value;
    const list = items.value;
    if (!account || !list?.length || loadingMore.value || !more.value) return;
    const question = asked;
    loadingMore.value = true;
    try {
      const page = await api.get<Page>(pathFor(account.id, list[list.length - 1].id));
      if (question !== asked) return;
      items.value = mergeNewestFirst(items.value ?? [], page.items);
      more.value = page.hasMore;
    } finally {
      loadingMore.value = false;
    }
  }

  return {
    account: opts.account,
    operations: computed(() => items.value),
    operationsHaveMore: computed(() => more.value),
    operationsFailed: computed(() => failed.value),
    operationsLoadingMore: computed(() => loadingMore.value),
    historyFilters: computed(() => filterSignal.value),
    operationsArrivedLive: computed(() => arrived.value),
    filtersActive,
    loadOperations,
    loadOlderOperations,
    setHistoryFilters(next: Partial<HistoryFilters>) {
      filterSignal.value = { ...filterSignal.value, ...next };
    },
    clearHistoryFilters() {
      filterSignal.value = NO_FILTERS;
    },
    /** The CSV of the account for the current date filters. */
    csvPath(accountId: number) {
      const f = filterSignal.value;
      const csv = new URLSearchParams();
      if (f.from) csv.set('from', f.from);
      if (f.to) csv.set('to', f.to);
      return `${opts.base(accountId)}/operations.csv${csv.size ? `?${csv}` : ''}`;
    },
    /** A live movement of one of the account's operations (the owner's stream). */
    receive({ account, operation }: AccountUpdated) {
      // Filtered lists are refetched rather than guessed at.
      if (!operation || account.id !== opts.account.value?.id || !items.value) return;
      if (filtersActive.value) return void loadOperations();
      if (items.value.some((o) => o.id === operation.id)) return;
      items.value = mergeNewestFirst(items.value, [operation]);
      arrived.value = new Set(arrived.value).add(operation.id);
    },
    /** A new account or new filters start over (« loading » meanwhile); returns what stops it. */
    follow() {
      let lastAccountId: number | null = null;
      return effect(() => {
        const id = accountId.value;
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
      });
    },
  };
}
export type HistoryModel = ReturnType<typeof createHistoryModel>;

/**
 * The client's own selected account, tied to the tab's stream; one per tab, made
 * by createAppState and reached through useAppState().history.
 */
export function createOwnHistory(deps: {
  account: ReadonlySignal<{ id: number; label: string } | null>;
  stream: EventStream;
}) {
  const history = createHistoryModel({
    account: deps.account,
    base: (id) => `/api/accounts/${id}`,
  });
  const undo = [
    deps.stream.on('account.updated', history.receive),
    deps.stream.onResync(() => {
      if (history.operations.value) void history.loadOperations();
    }),
    history.follow(),
  ];
  return { ...history, dispose: () => undo.forEach((fn) => fn()) };
}
