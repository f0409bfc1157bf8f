/**
 * Read markers: mine (the conversation on screen in a visible page is read up
 * to its last message) and the other members' (for the ticks). Markers only
 * move forward.
 */
import { batch, signal, untracked, type ReadonlySignal } from '@preact/signals';
import { api } from '../../api';
import type { ClientFrame } from '../../types';
import type { Conversations } from './conversations';
import type { Threads } from './threads';

export function createReads(deps: {
  selfId: () => number | undefined;
  conversations: Conversations;
  threads: Threads;
  viewing: ReadonlySignal<number | null>;
  pageVisible: ReadonlySignal<boolean>;
  sendFrame: (frame: ClientFrame) => boolean;
  onAuthError: (e: unknown) => boolean;
}) {
  const { conversations, threads } = deps;
  /** My read marker per conversation, as far as this tab knows (the server never moves it back). */
  const mine = signal<Record<number, number>>({});
  /** The other members' read markers: from the conversation list, then kept up by `read` frames. */
  const others = signal<Record<number, Record<number, number>>>({});

  /** Another member (or I, from the list) read up to `messageId`. */
  function noteMarker(conversationId: number, userId: number, messageId: number) {
    if (userId === deps.selfId()) {
      if (messageId > (mine.value[conversationId] ?? 0))
        mine.value = { ...mine.value, [conversationId]: messageId };
      return;
    }
    const current = others.value[conversationId]?.[userId] ?? 0;
    if (messageId <= current) return;
    others.value = {
      ...others.value,
      [conversationId]: { ...others.value[conversationId], [userId]: messageId },
    };
  }

  function markRead(conversationId: number, messageId: number) {
    const conv = conversations.byId(conversationId);
    const already = mine.value[conversationId] ?? 0;
    if (messageId <= already && !conv?.unreadCount) return;
    batch(() => {
      mine.value = { ...mine.value, [conversationId]: Math.max(already, messageId) };
      conversations.setUnread(conversationId, 0);
    });
    if (!deps.sendFrame({ type: 'read', conversationId, messageId })) {
      api.post(`/api/conversations/${conversationId}/read`, { messageId }).catch(deps.onAuthError);
    }
  }

  /** Runs as an effect: the conversation on screen, in a visible page, is read up to its last message. */
  function markViewedAsRead() {
    const id = deps.viewing.value;
    if (id === null || !deps.pageVisible.value) return;
    const last = threads.all.value[id]?.messages.at(-1);
    if (!last) return;
    untracked(() => markRead(id, last.id));
  }

  /** My own read marker moved in another tab. */
  function ownReadElsewhere(conversationId: number, messageId: number) {
    noteMarker(conversationId, deps.selfId()!, messageId);
    const conv = conversations.byId(conversationId);
    if (!conv) return;
    if (!conv.lastMessage || messageId >= conv.lastMessage.id)
      return conversations.setUnread(conversationId, 0);
    // Read part of the way: count what this tab holds after the marker, or ask the server.
    const t = threads.get(conversationId);
    const selfId = deps.selfId();
    if (t?.loaded && t.messages.length && t.messages[0]!.id <= messageId) {
      conversations.setUnread(
        conversationId,
        t.messages.filter((m) => m.id > messageId && m.sender.id !== selfId).length,
      );
    } else {
      void conversations.load();
    }
  }

  return {
    mine: (conversationId: number) => mine.value[conversationId] ?? 0,
    others: (conversationId: number) => others.value[conversationId] ?? {},
    noteMarker,
    markViewedAsRead,
    ownReadElsewhere,
    clear() {
      mine.value = {};
      others.value = {};
    },
  };
}
