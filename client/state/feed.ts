/**
 * The bank's news feed: newest first, live from the event stream, older pages
 * on demand. Items are keyed by id, so a replayed or refetched item never shows twice.
 */
import { computed, effect, signal, untracked } from '@preact/signals';
import { api } from '../api';
import type { NewsView } from '../types';
import type { EventStream } from './event-stream';
import { createPagedList } from './paged-list';
import { me } from './session';

export const NEWS_PAGE_SIZE = 10;

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

export const news = computed(() => list.items.value);
export const newsHasMore = computed(() => list.more.value);
export const newsFailed = computed(() => list.failed.value);
export const newsLoadingMore = computed(() => list.loadingMore.value);
export const newsArrivedLive = computed(() => arrived.value);

/**
 * Fetches the newest page and merges it in (keeping older pages already shown).
 * Calls made while one runs coalesce into one more run.
 */
export const loadNews = list.loadNewest;

/** "Voir plus": the page before the oldest item shown. */
export const loadOlderNews = list.loadOlder;

/** Staff: publishes a news item; it shows at once (the stream's copy is then a duplicate). */
export async function publishNews(input: { title: string; body: string }) {
  const { news: created } = await api.post<{ news: NewsView }>('/api/news', input);
  receiveNews(created);
  return created;
}

function receiveNews(n: NewsView) {
  if (list.receive(n)) arrived.value = new Set(arrived.value).add(n.id);
}

/** Forget everything (sign-out), so the next person starts clean. */
export function clearNews() {
  list.clear();
  arrived.value = new Set();
}

/** Ties the feed to the tab's event stream and to the session; called once, by createAppState. */
export function connectFeed(stream: EventStream) {
  const undo = [
    stream.on('news', receiveNews),
    stream.onResync(list.resync),
    // Signed out: forget, so whoever signs in next on this tab starts clean.
    effect(() => {
      if (me.value === null) untracked(clearNews);
    }),
  ];
  return () => undo.forEach((fn) => fn());
}
