/**
 * The bank's news feed: newest first, live from the event stream, older pages
 * on demand. Items are keyed by id, so a replayed or refetched item never shows twice.
 */
import { computed, effect, signal, untracked } from '@preact/signals';
import { api } from '../api';
import type { NewsView } from '../types';
import { onResync, onStreamEvent } from './event-stream';
import { me } from './session';

export const NEWS_PAGE_SIZE = 10;

type Page = { items: NewsView[]; hasMore: boolean };

const items = signal<NewsView[] | null>(null);
const more = signal(false);
const failed = signal(false);
const loadingMore = signal(false);
/** Ids that arrived live in this tab: shown with a highlight. */
const arrived = signal<ReadonlySet<number>>(new Set());

export const news = computed(() => items.value);
export const newsHasMore = computed(() => more.value);
export const newsFailed = computed(() => failed.value);
export const newsLoadingMore = computed(() => loadingMore.value);
export const newsArrivedLive = computed(() => arrived.value);

const byNewest = (a: NewsView, b: NewsView) => b.id - a.id;

function merge(current: NewsView[], incoming: NewsView[]) {
  const seen = new Map(current.map((n) => [n.id, n]));
  for (const n of incoming) seen.set(n.id, n);
  return [...seen.values()].sort(byNewest);
}

let loading: Promise<void> | null = null;
let again = false;

/**
 * Fetches the newest page and merges it in (keeping older pages already shown).
 * Calls made while one runs coalesce into one more run.
 */
export function loadNews(): Promise<void> {
  if (loading) {
    again = true;
    return loading;
  }
  loading = (async () => {
    do {
      again = false;
      try {
        const page = await api.get<Page>(`/api/news?limit=${NEWS_PAGE_SIZE}`);
        const had = items.value;
        const oldest = page.items.at(-1)?.id ?? Infinity;
        // Older pages already shown keep their own "more" answer.
        const keepsOlder = had?.some((n) => n.id < oldest) ?? false;
        items.value = merge(had ?? [], page.items);
        if (!keepsOlder) more.value = page.hasMore;
        // Caught up after a gap: what is newer than the newest shown also counts as arrived.
        const newest = had?.[0]?.id;
        const caughtUp = newest === undefined ? [] : page.items.filter((n) => n.id > newest).map((n) => n.id);
        if (caughtUp.length) arrived.value = new Set([...arrived.value, ...caughtUp]);
        failed.value = false;
      } catch {
        if (!items.value) failed.value = true;
      }
    } while (again);
    loading = null;
  })();
  return loading;
}

/** "Voir plus": the page before the oldest item shown. */
export async function loadOlderNews() {
  const list = items.value;
  if (!list?.length || loadingMore.value) return;
  loadingMore.value = true;
  try {
    const page = await api.get<Page>(`/api/news?before=${list[list.length - 1].id}&limit=${NEWS_PAGE_SIZE}`);
    items.value = merge(items.value ?? [], page.items);
    more.value = page.hasMore;
  } finally {
    loadingMore.value = false;
  }
}

/** Staff: publishes a news item; it shows at once (the stream's copy is then a duplicate). */
export async function publishNews(input: { title: string; body: string }) {
  const { news: created } = await api.post<{ news: NewsView }>('/api/news', input);
  receiveNews(created);
  return created;
}

function receiveNews(n: NewsView) {
  if (!items.value) {
    if (loading) again = true; // the load under way may predate it: fetch once more
    return;
  }
  if (items.value.some((x) => x.id === n.id)) return;
  items.value = merge(items.value, [n]);
  arrived.value = new Set(arrived.value).add(n.id);
}

/** Forget everything (sign-out), so the next person starts clean. */
export function clearNews() {
  items.value = null;
  more.value = false;
  failed.value = false;
  arrived.value = new Set();
}

// Signed out: forget, so whoever signs in next on this tab starts clean.
effect(() => {
  if (me.value === null) untracked(clearNews);
});
onStreamEvent('news', receiveNews);
onResync(() => {
  if (items.value || failed.value || loading) void loadNews();
});
