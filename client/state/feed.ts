/**
 * The bank's news feed: newest first, live from the event stream, older pages
 * on demand. Items are keyed by id, so a replayed or refetched item never shows twice.
 * One per tab, made by createAppState and reached through useAppState().feed.
 */
import { computed, effect, signal, untracked, type ReadonlySignal } from '@preact/signals';
import { api } from '../api';
import type { Me, NewsView } from '../types';
import type { EventStream } from './event-stream';
import { createPagedList } from './paged-list';

export const NEWS_PAGE_SIZE = 10;

export function createFeed(deps: {
  me: ReadonlySignal<Me | null | undefined>;
  stream: EventStream;
}) {
  /** Ids that arrived live in this tab: shown with a highlight. */
  const arrived = signal<ReadonlySet<number>>(new Set());
  const list = createPagedList<NewsView>({
    path: '/api/news',
    pageSize: NEWS_PAGE_SIZE,
    // Caught up after a gap: what is newer than the newest shown also counts as arrived.
    onNewestPage(page, had) {
      const newest = had?.[0]?.id;
      const caughtUp =
        newest === undefined ? [] : page.items.filter((n) => n.id > newest).map((n) => n.id);
      if (caughtUp.length) arrived.value = new Set([...arrived.value, ...caughtUp]);
    },
  });

  function receive(n: NewsView) {
    if (list.receive(n)) arrived.value = new Set(arrived.value).add(n.id);
  }

  /** Staff: publishes a news item; it shows at once (the stream's copy is then a duplicate). */
  async function publish(input: { title: string; body: string }) {
    const { news: created } = await api.post<{ news: NewsView }>('/api/news', input);
    receive(created);
    return created;
  }

  const undo = [
    deps.stream.on('news', receive),
    deps.stream.onResync(list.resync),
    // Signed out: forget, so whoever signs in next on this tab starts clean.
    effect(() => {
      if (deps.me.value === null)
        untracked(() => {
          list.clear();
          arrived.value = new Set();
        });
    }),
  ];

  return {
    items: computed(() => list.items.value),
    hasMore: computed(() => list.more.value),
    failed: computed(() => list.failed.value),
    loadingMore: computed(() => list.loadingMore.value),
    arrivedLive: computed(() => arrived.value),
    /**
     * Fetches the newest page and merges it in (keeping older pages already shown).
     * Calls made while one runs coalesce into one more run.
     */
    loadNewest: list.loadNewest,
    /** "Voir plus": the page before the oldest item shown. */
    loadOlder: list.loadOlder,
    publish,
    dispose: () => undo.forEach((fn) => fn()),
  };
}
export type Feed = ReturnType<typeof createFeed>;
