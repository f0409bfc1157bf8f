/**
 * The tab's one Server-Sent Events stream (GET /api/events: news, notifications,
 * read markers). The browser reconnects by itself and sends Last-Event-ID, so
 * the server replays what was missed; this model only steps in when the browser
 * gives up (an HTTP error closes an EventSource for good): it asks whether the
 * session still holds, then opens a fresh stream after a backoff with jitter.
 * Until a stream has carried an event id, the browser has no Last-Event-ID to send,
 * so every `open` of it — like a `reset` — tells the models to refetch ("resync");
 * they drop duplicates by id.
 */
import { computed, signal } from '@preact/signals';
import { api, ApiError } from '../api';
import { sessionEnded } from './session';
import type { SseEventMap } from '../../src/realtime/protocol';
import { MARKET_SSE_EVENTS } from '../../src/market/events';

export type StreamState = 'idle' | 'connecting' | 'open' | 'reconnecting';
type LiveEvent = Exclude<keyof SseEventMap, 'reset'>;
type Handler<K extends LiveEvent> = (data: SseEventMap[K]) => void;

const LIVE_EVENTS: LiveEvent[] = [
  'news',
  'notification',
  'notification.read',
  ...MARKET_SSE_EVENTS,
];
const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 30_000;

const state = signal<StreamState>('idle');
/** 'connecting' before the first open, 'reconnecting' whenever the link is down after that. */
export const streamState = computed(() => state.value);

const handlers = new Map<LiveEvent, Set<Handler<LiveEvent>>>();
const resyncHandlers = new Set<() => void>();

let source: EventSource | null = null;
let running = false;
let attempt = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

/** Every `type` event's parsed data goes to `handler`; returns the unsubscribe function. */
export function onStreamEvent<K extends LiveEvent>(type: K, handler: Handler<K>) {
  const set = handlers.get(type) ?? new Set();
  handlers.set(type, set);
  set.add(handler as Handler<LiveEvent>);
  return () => void set.delete(handler as Handler<LiveEvent>);
}

/** Called when what the stream carried may have been missed: refetch, then merge by id. */
export function onResync(handler: () => void) {
  resyncHandlers.add(handler);
  return () => void resyncHandlers.delete(handler);
}

export function startEventStream() {
  if (running) return;
  running = true;
  attempt = 0;
  state.value = 'connecting';
  addEventListener('online', reconnectNow);
  open();
}

export function stopEventStream() {
  if (!running) return;
  running = false;
  removeEventListener('online', reconnectNow);
  clearTimeout(retryTimer);
  source?.close();
  source = null;
  state.value = 'idle';
}

function open() {
  const es = new EventSource('/api/events', { withCredentials: true });
  source = es;
  // Whether the browser holds an event id to resend: until then, its own reconnects
  // carry no Last-Event-ID and the server cannot replay what the outage hid.
  let hasCursor = false;
  es.onopen = () => {
    if (source !== es) return;
    attempt = 0;
    state.value = 'open';
    if (!hasCursor) resync();
  };
  es.onerror = () => {
    if (source !== es || !running) return;
    state.value = 'reconnecting';
    // CONNECTING: the browser retries on its own (with Last-Event-ID). CLOSED: it gave up.
    if (es.readyState === EventSource.CLOSED) {
      source = null;
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
      stopEventStream();
      sessionEnded();
      return;
    }
  }
  if (!running || source) return;
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
  attempt++;
  clearTimeout(retryTimer);
  // Jitter, so tabs that lost the server together do not all come back at once.
  retryTimer = setTimeout(
    () => running && !source && open(),
    ceiling / 2 + Math.random() * (ceiling / 2),
  );
}

/** The network came back while waiting out a backoff: try now. */
function reconnectNow() {
  if (!running || source) return;
  clearTimeout(retryTimer);
  open();
}
