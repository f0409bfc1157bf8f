/**
 * The chat WebSocket: one per tab to /api/ws (same origin, the session cookie
 * authenticates it; no token in the URL). It reconnects through the shared
 * reconnect helper (state/reconnect.ts), pings at the application level (the
 * browser cannot see the server's protocol pings) and hands every server frame
 * to its listeners. "open" means the server said `ready`, so listeners may resend
 * and catch up.
 */
import { computed, signal } from '@preact/signals';
import { api, ApiError } from './api';
import type { ClientFrame, ServerFrame } from './types';
import { SOCKET_CLOSE_SESSION_ENDED } from '../src/realtime/protocol';
import { createReconnector } from './state/reconnect';

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting';

const PING_EVERY_MS = 20_000;
/** No frame at all this long after a ping: the link is dead even if the browser has not noticed. */
const PONG_TIMEOUT_MS = 10_000;

export function createChatSocket({ sessionEnded }: { sessionEnded: () => void }) {
  const state = signal<ConnectionState>('idle');
  const listeners = new Set<(frame: ServerFrame) => void>();
  let socket: WebSocket | null = null;
  let running = false;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  const retry = createReconnector({
    baseMs: 500,
    maxMs: 30_000,
    isDown: () => running && !socket,
    reconnect: connect,
    drop: () => socket && lost(socket, 4000, state.value === 'open'),
  });

  function connect() {
    const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/ws`;
    state.value = state.value === 'idle' ? 'connecting' : 'reconnecting';
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
        retry.succeeded();
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
    retry.schedule();
  }

  async function checkSession() {
    try {
      await api.get('/api/me');
    } catch (e) {
      if (running && e instanceof ApiError && e.status === 401) endSession();
    }
  }

  function endSession() {
    stop();
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

  function stop() {
    if (!running) return;
    running = false;
    retry.stop();
    stopPinging();
    const s = socket;
    socket = null;
    s?.close(1000, 'bye');
    state.value = 'idle';
  }

  return {
    state: computed(() => state.value),
    /** Every server frame goes to every listener; returns the unsubscribe function. */
    onFrame(listener: (frame: ServerFrame) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    /** Sends a frame if the socket is open and ready; false otherwise (the caller keeps it for later). */
    sendFrame(frame: ClientFrame): boolean {
      if (state.value !== 'open' || socket?.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(frame));
      return true;
    },
    start() {
      if (running) return;
      running = true;
      retry.start();
      connect();
    },
    stop,
    /** « Réessayer maintenant ». */
    retryNow: retry.now,
  };
}
export type ChatSocket = ReturnType<typeof createChatSocket>;
