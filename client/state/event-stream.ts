/**
 * The tab's one Server-Sent Events stream (GET /api/events: news, notifications,
 * read markers). The browser reconnects by itself and sends Last-Event-ID, so the
 * server replays what was missed; this model steps in through the shared reconnect
 * helper (state/reconnect.ts) so the stream comes back as soon as the server
 * answers, and when the browser gives up (an HTTP error closes an EventSource for
 * good) it first asks whether the session still holds.
 * Until a stream has carried an event id, the browser has no Last-Event-ID to send,
 * so every `open` of it — like a `reset` — tells the models to refetch ("resync");
 * they drop duplicates by id.
 */
import { computed, signal } from '@preact/signals';
import { api, ApiError } from '../api';
import type { SseEventMap } from '../../src/realtime/protocol';
import { createReconnector } from './reconnect';
import { MARKET_SSE_EVENTS } from '../../src/market/events';
import { STAFF_SSE_EVENTS } from '../../src/staff/events';

export type StreamState = 'idle' | 'connecting' | 'open' | 'reconnecting';
type LiveEvent = Exclude<keyof SseEventMap, 'reset'>;
type Handler<K extends LiveEvent> = (data: SseEventMap[K]) => void;

const LIVE_EVENTS: LiveEvent[] = [
  'news',
  'notification',
  'notification.read',
  'notification.sent.read',
  'account.updated',
  'document.created',
  ...MARKET_SSE_EVENTS,
  ...STAFF_SSE_EVENTS,
];

export function createEventStream({ sessionEnded }: { sessionEnded: () => void }) {
  const state = signal<StreamState>('idle');
  const handlers = new Map<LiveEvent, Set<Handler<LiveEvent>>>();
  const resyncHandlers = new Set<() => void>();
  let source: EventSource | null = null;
  let running = false;
  const retry = createReconnector({
    baseMs: 1000,
    maxMs: 30_000,
    isDown: () => running && state.value !== 'open',
    reconnect: () => {
      source?.close();
      open();
    },
    drop: () => {
      if (!running) return;
      source?.close();
      source = null;
      state.value = 'reconnecting';
    },
  });

  function open() {
    const es = new EventSource('/api/events', { withCredentials: true });
    source = es;
    // Whether the browser holds an event id to resend: until then, its own reconnects
    // carry no Last-Event-ID and the server cannot replay what the outage hid.
    let hasCursor = false;
    es.onopen = () => {
      if (source !== es) return;
      retry.succeeded();
      state.value = 'open';
      if (!hasCursor) resync();
    };
    es.onerror = () => {
      if (source !== es || !running) return;
      if (state.value === 'open') state.value = 'reconnecting';
      // CONNECTING: the browser retries on its own every few seconds, with Last-Event-ID (the
      // server's `retry: 3000`); « Réessayer maintenant », `online` and a visible tab cut it short.
      // CLOSED: it gave up; ask whether the session holds, then open a fresh stream.
      if (es.readyState === EventSource.CLOSED) {
        source = null;
        state.value = 'reconnecting';
        void checkSessionThenRetry();
      }
    };
    es.addEventListener('reset', (e) => {
      if (source !== es) return;
      if ((e as MessageEvent).lastEventId) hasCursor = true;
      resync();
    });
    for (const type of LIVE_EVENTS) {
      es.addEventListener(type, (e) => {
        if (source !== es) return;
        if ((e as MessageEvent).lastEventId) hasCursor = true;
        let data: unknown;
        try {
          data = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return; // not ours to crash on: the next resync repairs anything missed
        }
        if (data && typeof data === 'object')
          for (const h of handlers.get(type) ?? []) h(data as never);
      });
    }
  }

  function resync() {
    for (const h of resyncHandlers) h();
  }

  async function checkSessionThenRetry() {
    try {
      await api.get('/api/me');
    } catch (e) {
      if (running && e instanceof ApiError && e.status === 401) {
        stop();
        sessionEnded();
        return;
      }
    }
    retry.schedule();
  }

  function stop() {
    if (!running) return;
    running = false;
    retry.stop();
    source?.close();
    source = null;
    state.value = 'idle';
  }

  return {
    /** 'connecting' before the first open, 'reconnecting' whenever the link is down after that. */
    state: computed(() => state.value),
    /** Every `type` event's parsed data goes to `handler`; returns the unsubscribe function. */
    on<K extends LiveEvent>(type: K, handler: Handler<K>) {
      const set = handlers.get(type) ?? new Set();
      handlers.set(type, set);
      set.add(handler as Handler<LiveEvent>);
      return () => void set.delete(handler as Handler<LiveEvent>);
    },
    /** Called when what the stream carried may have been missed: refetch, then merge by id. */
    onResync(handler: () => void) {
      resyncHandlers.add(handler);
      return () => void resyncHandlers.delete(handler);
    },
    start() {
      if (running) return;
      running = true;
      state.value = 'connecting';
      retry.start();
      open();
    },
    stop,
    retryNow: retry.now,
  };
}
export type EventStream = ReturnType<typeof createEventStream>;
