/**
 * A newest-first list loaded a page at a time, as the news feed and the
 * notification list both keep it: the newest page on demand (calls made while a
 * load runs coalesce into one more run), older pages behind the oldest item
 * shown, and live arrivals. Items are keyed by id, so a replayed or refetched
 * item never shows twice.
 */
import { signal } from '@preact/signals';
import { api } from '../api';

type Keyed = { id: number };
export type Page<T> = { items: T[]; hasMore: boolean };

const byNewest = (a: Keyed, b: Keyed) => b.id - a.id;

/** `current` with `incoming` added (an incoming item replaces the one with its id), newest first. */
export function mergeNewestFirst<T extends Keyed>(current: T[], incoming: T[]): T[] {
  const seen = new Map(current.map((n) => [n.id, n]));
  for (const n of incoming) seen.set(n.id, n);
  return [...seen.values()].sort(byNewest);
}

type Options<T, P> = {
  /** The list's endpoint; pages are asked as `?limit=` and `?before=…&limit=`. */
  path: string;
  pageSize: number;
  /** A newest page just taken in, with what was shown before it (null: nothing yet). */
  onNewestPage?: (page: P, had: T[] | null) => void;
};

export function createPagedList<T extends Keyed, P extends Page<T> = Page<T>>({
  path,
  pageSize,
  onNewestPage,
}: Options<T, P>) {
  const items = signal<T[] | null>(null);
  const more = signal(false);
  const failed = signal(false);
  const loadingMore = signal(false);

  let loading: Promise<void> | null = null;
  let again = false;
  /** Bumped by `touch()`, so a fetch that started before a live change is not trusted over it. */
  let version = 0;

  /** Fetches the newest page and merges it in (keeping older pages already shown). */
  function loadNewest(): Promise<void> {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      do {
        again = false;
        const asked = version;
        try {
          const page = await api.get<P>(`${path}?limit=${pageSize}`);
          if (asked !== version) {
            again = true;
            continue;
          }
          const had = items.value;
          const oldest = page.items.at(-1)?.id ?? Infinity;
          // Older pages already shown keep their own "more" answer.
          const keepsOlder = had?.some((n) => n.id < oldest) ?? false;
          items.value = mergeNewestFirst(had ?? [], page.items);
          onNewestPage?.(page, had);
          if (!keepsOlder) more.value = page.hasMore;
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
  async function loadOlder() {
    const list = items.value;
    if (!list?.length || loadingMore.value) return;
    loadingMore.value = true;
    try {
      const page = await api.get<P>(`${path}?before=${list[list.length - 1].id}&limit=${pageSize}`);
      items.value = mergeNewestFirst(items.value ?? [], page.items);
      more.value = page.hasMore;
    } finally {
      loadingMore.value = false;
    }
  }

  /**
   * An item that arrived live: true when it was added. Before the first page is in
   * it is not kept; a load under way may predate it, so that load fetches once more.
   */
  function receive(item: T): boolean {
    if (!items.value) {
      if (loading) again = true;
      return false;
    }
    if (items.value.some((x) => x.id === item.id)) return false;
    items.value = mergeNewestFirst(items.value, [item]);
    return true;
  }

  return {
    items,
    more,
    failed,
    loadingMore,
    loadNewest,
    loadOlder,
    receive,
    /** A live change was made to the items: a newest page fetched before it is fetched again. */
    touch() {
      version++;
    },
    /** After a gap in the stream: refetch, if this list was ever asked for. */
    resync() {
      if (items.value || failed.value || loading) void loadNewest();
    },
    /** Forget the items (sign-out). */
    clear() {
      items.value = null;
      more.value = false;
      failed.value = false;
    },
  };
}
