/**
 * The chat WebSocket: one per tab to /api/ws (same origin, the session cookie
 * authenticates it; no token in the URL). It reconnects with exponential backoff
 * and full jitter, pings at the application level (the browser cannot see the
 * server's protocol pings) and hands every server frame to its listeners.
 * "open" means the server said `ready`, so listeners may resend and catch up.
 */
import { computed, signal } from '@preact/signals';
import { api, ApiError } from './api';
import { sessionEnded } from './state/session';
import type { ClientFrame, ServerFrame } from './types';
import { SOCKET_CLOSE_SESSION_ENDED } from '../src/realtime/protocol';

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting';

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 30_000;
const PING_EVERY_MS = 20_000;
/** No frame at all this long after a ping: the link is dead even if the browser has not noticed. */
const PONG_TIMEOUT_MS = 10_000;

const state = signal<ConnectionState>('idle');
export const connectionState = computed(() => state.value);

type Listener = (frame: ServerFrame) => void;
const listeners = new Set<Listener>();

let socket: WebSocket | null = null;
let running = false;
let attempt = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let pingTimer: ReturnType<typeof setInterval> | undefined;
let pongTimer: ReturnType<typeof setTimeout> | undefined;

/** Every server frame goes to every listener; returns the unsubscribe function. */
export function onServerFrame(listener: Listener) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Sends a frame if the socket is open and ready; false otherwise (the caller keeps it for later). */
export function sendFrame(frame: ClientFrame): boolean {
  if (state.value !== 'open' || socket?.readyState !== WebSocket.OPEN) return false;
  socket.send(JSON.stringify(frame));
  return true;
}

export function startChatSocket() {
  if (running) return;
  running = true;
  attempt = 0;
  addEventListener('online', reconnectNow);
  connect();
}

export function stopChatSocket() {
  if (!running) return;
  running = false;
  removeEventListener('online', reconnectNow);
  clearTimeout(retryTimer);
  stopPinging();
  const s = socket;
  socket = null;
  s?.close(1000, 'bye');
  state.value = 'idle';
}

function connect() {
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/ws`;
  state.value = attempt === 0 && state.value === 'idle' ? 'connecting' : 'reconnecting';
  const s = new WebSocket(url);
  socket = s;
  let ready = false;
  s.onmessage = (e) => {
    if (socket !== s) return;
    clearTimeout(pongTimer);
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(e.data));
    } catch {
      return;
    }
    if (frame.type === 'ready') {
      ready = true;
      attempt = 0;
      state.value = 'open';
      startPinging(s);
    }
    for (const l of listeners) l(frame);
  };
  s.onclose = (e) => lost(s, e.code, ready);
}

/** The socket is gone (closed, or silent past the pong timeout): reconnect unless the session ended. */
function lost(s: WebSocket, code: number, wasReady: boolean) {
  if (socket !== s) return;
  socket = null;
  s.onclose = s.onmessage = null;
  if (s.readyState === WebSocket.OPEN || s.readyState === WebSocket.CONNECTING)
    s.close(4000, 'lost');
  stopPinging();
  if (!running) return;
  if (code === SOCKET_CLOSE_SESSION_ENDED) return endSession();
  state.value = 'reconnecting';
  // Refused before the upgrade: the browser hides the HTTP status, so ask whether the session still holds.
  if (!wasReady) void checkSession();
  scheduleRetry();
}

function scheduleRetry() {
  clearTimeout(retryTimer);
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
  attempt++;
  // Full jitter, so many tabs coming back after an outage do not knock together.
  retryTimer = setTimeout(
    () => running && !socket && connect(),
    ceiling / 2 + Math.random() * (ceiling / 2),
  );
}

/** The network came back: no point waiting out the backoff. */
function reconnectNow() {
  if (!running || socket) return;
  clearTimeout(retryTimer);
  connect();
}

async function checkSession() {
  try {
    await api.get('/api/me');
  } catch (e) {
    if (running && e instanceof ApiError && e.status === 401) endSession();
  }
}

function endSession() {
  stopChatSocket();
  sessionEnded();
}

function startPinging(s: WebSocket) {
  stopPinging();
  pingTimer = setInterval(() => {
    if (s.readyState !== WebSocket.OPEN) return;
    s.send(JSON.stringify({ type: 'ping' } satisfies ClientFrame));
    clearTimeout(pongTimer);
    // Don't wait for a closing handshake a dead link will never finish.
    pongTimer = setTimeout(() => lost(s, 4000, true), PONG_TIMEOUT_MS);
  }, PING_EVERY_MS);
}

function stopPinging() {
  clearInterval(pingTimer);
  clearTimeout(pongTimer);
}
