/**
 * SQLite's answers when it cannot write for now (a full disk, an I/O error, a
 * read-only file, a lock held past the busy timeout): the transaction rolled
 * back, nothing was stored, and the same request may succeed later.
 */
const UNAVAILABLE = /\bSQLITE_(FULL|IOERR|READONLY|BUSY|LOCKED|CANTOPEN|NOMEM|PROTOCOL)/;
const DISK_FULL = /database or disk is full/i;

/** True when `err` (or its cause, as drizzle wraps driver errors) says the database cannot write now. */
export function isStorageUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && UNAVAILABLE.test(code)) return true;
    if (typeof message === 'string' && (UNAVAILABLE.test(message) || DISK_FULL.test(message)))
      return true;
  }
  return false;
}

/** Seconds a client should wait before retrying a write refused as `unavailable`. */
export const UNAVAILABLE_RETRY_AFTER_S = 30;
