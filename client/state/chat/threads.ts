/**
 * The messages of the threads that were opened: the latest page first, older
 * pages on demand, and after a reconnect everything after the last id held.
 * Confirmed messages are sorted by id without duplicates; what this tab is
 * still sending (the outbox) lives beside them in the same thread.
 */
import { signal } from '@preact/signals';
import { api, ApiError } from '../../api';
import type { MessageView } from '../../types';

const PAGE_SIZE = 50;
const CATCH_UP_PAGE = 100;

export type Pending = {
  clientId: string;
  conversationId: number;
  body: string;
  createdAt: string;
  error?: string;
};
export type Thread = {
  messages: MessageView[]; // confirmed, ascending by id, no duplicates
  pending: Pending[]; // sent by this tab, not acknowledged yet, in the order typed
  hasMore: boolean; // older messages exist on the server
  loaded: boolean; // the latest page arrived (catch-up applies from then on)
  loading: 'initial' | 'older' | null;
  failed: boolean;
};
type Page = { items: MessageView[]; hasMore: boolean };

const EMPTY: Thread = {
  messages: [],
  pending: [],
  hasMore: false,
  loaded: false,
  loading: null,
  failed: false,
};

export function createThreads(deps: {
  selfId: () => number | undefined;
  onAuthError: (e: unknown) => boolean;
  /** The conversation is not ours any more (404): it goes away. */
  onGone: (conversationId: number) => void;
  /** A message fetched by catch-up, for the conversation list. */
  onCaughtUp: (m: MessageView) => void;
}) {
  const threads = signal<Record<number, Thread>>({});
  /** Bumped by every `ready`: a history page that was in flight across one must catch up after it. */
  let epoch = 0;

  function update(id: number, change: (t: Thread) => Thread) {
    threads.value = { ...threads.value, [id]: change(threads.value[id] ?? EMPTY) };
  }

  /** Adds messages to a thread's confirmed list: sorted by id, duplicates dropped, matching pendings retired. */
  function merge(t: Thread, incoming: MessageView[]): Thread {
    const selfId = deps.selfId();
    const known = new Set(t.messages.map((m) => m.id));
    const fresh = incoming.filter((m) => !known.has(m.id));
    const acked = new Set(incoming.filter((m) => m.sender.id === selfId).map((m) => m.clientId));
    const pending = acked.size ? t.pending.filter((p) => !acked.has(p.clientId)) : t.pending;
    if (!fresh.length && pending === t.pending) return t;
    const messages = fresh.length
      ? [...t.messages, ...fresh].sort((a, b) => a.id - b.id)
      : t.messages;
    return { ...t, messages, pending };
  }

  const page = (id: number, query: string) =>
    api.get<Page>(`/api/conversations/${id}/messages?${query}`);

  /** Loads the latest page of a conversation the first time it is shown. */
  async function open(id: number) {
    const t = threads.value[id];
    if (t?.loaded || t?.loading === 'initial') return;
    update(id, (t) => ({ ...t, loading: 'initial', failed: false }));
    const asked = epoch;
    try {
      const p = await page(id, `limit=${PAGE_SIZE}`);
      update(id, (t) => ({
        ...merge(t, p.items),
        hasMore: p.hasMore,
        loaded: true,
        loading: null,
      }));
      if (asked !== epoch) await catchUp(id);
    } catch (e) {
      if (deps.onAuthError(e)) return;
      if (e instanceof ApiError && e.status === 404) return deps.onGone(id);
      update(id, (t) => ({ ...t, loading: null, failed: true }));
    }
  }

  /** The page before the oldest message held (infinite scroll upward). */
  async function loadOlder(id: number) {
    const t = threads.value[id];
    const first = t?.messages[0];
    if (!t?.loaded || !t.hasMore || t.loading || !first) return;
    update(id, (t) => ({ ...t, loading: 'older' }));
    try {
      const p = await page(id, `before=${first.id}&limit=${PAGE_SIZE}`);
      update(id, (t) => ({ ...merge(t, p.items), hasMore: p.hasMore, loading: null }));
    } catch (e) {
      if (deps.onAuthError(e)) return;
      update(id, (t) => ({ ...t, loading: null }));
    }
  }

  /** Fetches whatever was said after the last message held, page by page. */
  async function catchUp(id: number) {
    for (let round = 0; round < 50; round++) {
      const t = threads.value[id];
      if (!t?.loaded) return;
      try {
        const p = await page(id, `after=${t.messages.at(-1)?.id ?? 0}&limit=${CATCH_UP_PAGE}`);
        update(id, (t) => merge(t, p.items));
        for (const m of p.items) deps.onCaughtUp(m);
        if (!p.hasMore) return;
      } catch (e) {
        if (deps.onAuthError(e)) return;
        if (e instanceof ApiError && e.status === 404) return deps.onGone(id);
        return; // the next reconnect tries again
      }
    }
  }

  return {
    all: threads,
    get: (id: number): Thread | undefined => threads.value[id],
    update,
    merge,
    open,
    loadOlder,
    /** After (re)connecting: every loaded thread from its last message on. */
    catchUpAll: () =>
      Promise.all(
        Object.entries(threads.value)
          .filter(([, t]) => t.loaded)
          .map(([id]) => catchUp(Number(id))),
      ),
    /** A `ready` arrived: pages in flight since must catch up. */
    newEpoch: () => void epoch++,
    receive(m: MessageView) {
      if (threads.value[m.conversationId]) update(m.conversationId, (t) => merge(t, [m]));
    },
    remove(id: number) {
      const { [id]: _gone, ...rest } = threads.value;
      threads.value = rest;
    },
    clear: () => void (threads.value = {}),
  };
}
export type Threads = ReturnType<typeof createThreads>;
