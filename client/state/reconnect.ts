/**
 * The one reconnect policy of the tab, shared by the chat socket (client/realtime.ts)
 * and the event stream (client/state/event-stream.ts): exponential backoff with full
 * jitter (tabs that lost the server together do not come back together), cut short as
 * soon as the server answers again (a cheap /api/health probe while waiting), when the
 * browser goes back online, when the tab becomes visible, or on « Réessayer maintenant ».
 * When the browser says it went offline, the link is dropped at once, so the page's
 * indicator never claims a connection that is gone.
 */
import { computed, signal } from '@preact/signals';

/** While waiting out a backoff, the server is asked this often whether it is back. */
const PROBE_EVERY_MS = 1500;

async function serverAnswers(): Promise<boolean> {
  try {
    return (await fetch('/api/health', { cache: 'no-store' })).ok;
  } catch {
    return false;
  }
}

export function createReconnector(o: {
  baseMs: number;
  maxMs: number;
  /** Whether the link is down (nothing to do otherwise). */
  isDown: () => boolean;
  /** Opens a fresh link. */
  reconnect: () => void;
  /** The browser says the network is gone: drop the link now rather than at its next timeout. */
  drop: () => void;
}) {
  let running = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let probe: ReturnType<typeof setInterval> | undefined;
  const waiting = signal(false);

  function clear() {
    clearTimeout(timer);
    clearInterval(probe);
    waiting.value = false;
  }

  /** Reconnect at once, if the link is down. */
  function now() {
    if (!running || !o.isDown()) return;
    clear();
    o.reconnect();
  }

  const onVisible = () => {
    if (document.visibilityState === 'visible') now();
  };

  return {
    /** Waiting for the next attempt (a backoff is under way). */
    waiting: computed(() => waiting.value),
    /** The link was lost: try again after a backoff, or as soon as the server answers. */
    schedule() {
      if (!running) return;
      clear();
      const ceiling = Math.min(o.maxMs, o.baseMs * 2 ** attempt);
      attempt++;
      waiting.value = true;
      timer = setTimeout(now, ceiling / 2 + Math.random() * (ceiling / 2));
      probe = setInterval(async () => {
        if (await serverAnswers()) now();
      }, PROBE_EVERY_MS);
    },
    now,
    /** The link is up: the next loss starts from the shortest backoff. */
    succeeded() {
      attempt = 0;
      clear();
    },
    start() {
      if (running) return;
      running = true;
      attempt = 0;
      addEventListener('online', now);
      addEventListener('offline', o.drop);
      document.addEventListener('visibilitychange', onVisible);
    },
    stop() {
      running = false;
      clear();
      removeEventListener('online', now);
      removeEventListener('offline', o.drop);
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
