/**
 * The page's one connection state, from the chat socket and the event stream
 * together: « open » only while both are, « reconnecting » as soon as either is
 * down. `restored` counts the returns to « open », so whatever failed to load
 * meanwhile reloads itself (see components/load-failed.tsx).
 */
import { computed, effect, signal } from '@preact/signals';
import type { ChatSocket, ConnectionState } from '../realtime';
import type { EventStream } from './event-stream';

export function createConnection(socket: ChatSocket, stream: EventStream) {
  const state = computed<ConnectionState>(() => {
    const links = [socket.state.value, stream.state.value].filter((s) => s !== 'idle');
    if (links.length === 0) return 'idle';
    if (links.includes('reconnecting')) return 'reconnecting';
    if (links.includes('connecting')) return 'connecting';
    return 'open';
  });
  const restored = signal(0);
  let was: ConnectionState = 'idle';
  effect(() => {
    const now = state.value;
    if (now === 'open' && was !== 'open' && was !== 'idle') restored.value++;
    was = now;
  });
  return {
    state,
    /** How many times the page came back to « open »: a load that failed meanwhile tries again. */
    restored: computed(() => restored.value),
    /** « Réessayer maintenant »: both links, at once. */
    retryNow() {
      socket.retryNow();
      stream.retryNow();
    },
  };
}
export type Connection = ReturnType<typeof createConnection>;
