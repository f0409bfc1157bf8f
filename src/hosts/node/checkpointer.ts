import { statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { startThread } from './threads/spawn';

export type CheckpointerOptions = {
  everyMs?: number;
  /** A failed checkpoint (full disk, I/O error, …); later ticks keep trying. Logged by default. */
  onError?: (message: string) => void;
};

/**
 * Moves WAL checkpoints off the event loop. SQLite's automatic checkpoint runs
 * inside whichever commit crosses the threshold and fsyncs there, stalling every
 * socket for milliseconds; with it off on the main connection, a worker thread
 * checkpoints every second instead: PASSIVE while writes go on (never blocks the
 * writer), TRUNCATE once a tick passed without a commit, so the log file does
 * not keep the size of the last flood. A failure is reported once and retried
 * on the next tick with a fresh connection; a worker that dies is restarted.
 * The worker (a Node isolate and its own SQLite connection) is started once the
 * WAL has something in it, not before: a server that has just started and not
 * written yet stays lean (its weight: bench/README.md).
 */
export function startCheckpointer(path: string, opts: CheckpointerOptions = {}) {
  const everyMs = opts.everyMs ?? 1000;
  const onError = opts.onError ?? ((message) => console.error('[checkpoint]', message));
  let stopping = false;
  let running = false;
  let worker: Worker | null = null;
  const walBytes = () => {
    try {
      return statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    } catch {
      return 1; // unreadable: the worker reports why
    }
  };
  const watch = setInterval(() => {
    if (walBytes() === 0) return;
    clearInterval(watch);
    worker = spawn();
  }, everyMs);
  watch.unref();

  function spawn(): Worker {
    const w = startThread('checkpoint', { workerData: { path, everyMs } });
    w.unref();
    running = true;
    w.on('message', (m: { type: string; message?: string }) => {
      if (m.type === 'error') onError(m.message ?? 'unknown error');
      else if (m.type === 'recovered') console.error('[checkpoint] recovered');
    });
    w.on('error', (err) => onError(err.message));
    w.on('exit', () => {
      running = false;
      if (stopping) return;
      const retry = setTimeout(() => !stopping && (worker = spawn()), everyMs);
      retry.unref();
    });
    return w;
  }

  return {
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        clearInterval(watch);
        if (!running || !worker) return resolve();
        const w = worker;
        w.once('message', () => void w.terminate().then(() => resolve()));
        w.once('exit', () => resolve());
        w.postMessage('stop');
      }),
  };
}
