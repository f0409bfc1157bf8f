/**
 * The outbox kept in IndexedDB, per person: a message written while the bank
 * was out of reach survives a reload and a browser restart, and goes out when
 * the connection returns (its clientId makes the server store it once).
 */
import { effect, type ReadonlySignal } from '@preact/signals';
import type { Pending, Thread } from './threads';

const DB = 'avenir-outbox';
const STORE = 'outbox'; // one record per person: { userId, items }

let opening: Promise<IDBDatabase | null> | null = null;
function openDb(): Promise<IDBDatabase | null> {
  return (opening ??= new Promise((resolve) => {
    try {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'userId' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);
    } catch {
      resolve(null); // no IndexedDB (private mode in some browsers): the outbox lives in memory
    }
  }));
}

async function read(userId: number): Promise<Pending[]> {
  const db = await openDb();
  if (!db) return [];
  return new Promise((resolve) => {
    const req = db.transaction(STORE).objectStore(STORE).get(userId);
    req.onsuccess = () => resolve((req.result?.items as Pending[] | undefined) ?? []);
    req.onerror = () => resolve([]);
  });
}

async function write(userId: number, items: Pending[]) {
  const db = await openDb();
  if (!db) return;
  const store = db.transaction(STORE, 'readwrite').objectStore(STORE);
  if (items.length) store.put({ userId, items });
  else store.delete(userId);
}

/**
 * Mirrors the threads' pending messages into IndexedDB, and hands back (`restore`)
 * those a previous page left unsent. Returns what stops the mirroring (before
 * the threads are cleared at sign-out).
 */
export function keepOutbox(
  userId: number,
  threads: ReadonlySignal<Record<number, Thread>>,
  restore: (items: Pending[]) => void,
): () => void {
  let restored = false;
  let stopped = false;
  const pendingNow = () => Object.values(threads.value).flatMap((t) => t.pending);
  // Writes follow one another: the last state always wins.
  let queue = Promise.resolve();
  const save = (items: Pending[]) => {
    queue = queue.then(() => write(userId, items)).catch(() => {});
  };
  void read(userId).then((kept) => {
    if (stopped) return;
    restored = true;
    const known = new Set(pendingNow().map((p) => p.clientId));
    const fresh = kept.filter((p) => !known.has(p.clientId));
    if (fresh.length) restore(fresh);
    else save(pendingNow());
  });
  const stopEffect = effect(() => {
    const items = Object.values(threads.value).flatMap((t) => t.pending);
    if (restored) save(items.map(({ error: _error, ...p }) => p));
  });
  return () => {
    stopped = true;
    stopEffect();
  };
}
