/**
 * The chat model: conversations with their unread counts, the messages of the
 * threads that were opened, what is being sent, who is typing, who is online
 * and how far everyone has read — one part per concern (conversations.ts,
 * threads.ts, outbox.ts, typing.ts, reads.ts, presence.ts), put together here,
 * once, by createChatModel (client/state/app-state.ts calls it). Everything
 * arrives through the chat socket (client/realtime.ts) or the REST history;
 * components read the signals and call the actions, never fetch themselves.
 *
 * Nothing is lost across a reconnect: on every `ready` the list is refreshed,
 * each loaded thread fetches `?after=<last id held>`, and messages not yet
 * acknowledged are sent again with the same clientId (the server stores them once).
 */
import { batch, computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { ApiError } from '../../api';
import type { Me, MessageView, ServerFrame, UserSummary } from '../../types';
import type { ChatSocket } from '../../realtime';
import { createConversations } from './conversations';
import { createOutbox } from './outbox';
import { keepOutbox } from './outbox-store';
import { createPresence } from './presence';
import { createReads } from './reads';
import { createThreads } from './threads';
import { createTyping } from './typing';

export { MAX_BODY_CHARS, countChars, draftProblem } from './outbox';

export type MessageStatus = 'pending' | 'sent' | 'read' | 'failed';
/** One line of a thread as the components draw it. */
export type ChatItem = {
  key: string;
  id: number | null;
  sender: UserSummary;
  body: string;
  createdAt: string;
  clientId: string;
  mine: boolean;
  /** Own messages only. */
  status?: MessageStatus;
  error?: string;
  readBy?: UserSummary[];
};

type Deps = {
  me: ReadonlySignal<Me | null | undefined>;
  socket: ChatSocket;
  sessionEnded: () => void;
  /** What the staff client list says of a person before the socket does. */
  listedOnline: (userId: number) => boolean;
  onPresence: (userId: number, online: boolean) => void;
};

export function createChatModel({ me, socket, sessionEnded, listedOnline, onPresence }: Deps) {
  const selfId = () => me.value?.id;
  const onAuthError = (e: unknown) => {
    if (e instanceof ApiError && e.status === 401) {
      sessionEnded();
      return true;
    }
    return false;
  };

  const viewing = signal<number | null>(null);
  const pageVisible = signal(
    typeof document === 'undefined' || document.visibilityState === 'visible',
  );
  const incoming = signal<{ conversationId: number; text: string; seq: number } | null>(null);
  /** Where the « Non lus » divider goes in the conversation on screen: my read marker when it opened. */
  const unreadFrom = signal<{ conversationId: number; after: number } | null>(null);

  const conversations = createConversations({
    selfId,
    onAuthError,
    onMarkers: (c, u, m) => reads.noteMarker(c, u, m),
  });
  const seen = (conversationId: number) => viewing.value === conversationId && pageVisible.value;
  const threads = createThreads({
    selfId,
    onAuthError,
    onGone: forget,
    onCaughtUp: (m) => conversations.noteMessage(m, seen(m.conversationId)),
  });
  const reads = createReads({
    selfId,
    conversations,
    threads,
    viewing,
    pageVisible,
    sendFrame: socket.sendFrame,
    onAuthError,
  });
  const typing = createTyping({ sendFrame: socket.sendFrame });
  const presence = createPresence({
    connection: socket.state,
    listed: listedOnline,
    onChange: onPresence,
  });
  const outbox = createOutbox({
    threads,
    sendFrame: socket.sendFrame,
    onAuthError,
    onStored: (m) => receive(m, false),
    onSend: (id) => {
      typing.stop(id);
      dropUnreadDivider(id); // answering shows it was read
    },
  });

  /** The « Non lus » divider goes once the messages were read (a reply, or coming back to the page). */
  function dropUnreadDivider(conversationId?: number) {
    if (conversationId === undefined || unreadFrom.value?.conversationId === conversationId)
      unreadFrom.value = null;
  }

  /** No longer a member (e.g. the client was reassigned): the conversation goes away. */
  function forget(id: number) {
    batch(() => {
      conversations.remove(id);
      threads.remove(id);
      if (viewing.value === id) viewing.value = null;
    });
  }

  function receive(m: MessageView, announce: boolean) {
    batch(() => {
      threads.receive(m);
      if (!conversations.noteMessage(m, seen(m.conversationId))) void conversations.load();
      typing.setTyper(m.conversationId, m.sender, false);
      if (announce && m.sender.id !== selfId()) {
        incoming.value = {
          conversationId: m.conversationId,
          text: `Nouveau message de ${m.sender.firstName} ${m.sender.lastName} : ${m.body}`,
          seq: (incoming.value?.seq ?? 0) + 1,
        };
      }
    });
  }

  /** After (re)connecting: the list, then every loaded thread from its last message on. */
  async function resync() {
    await conversations.load();
    await threads.catchUpAll();
  }

  function handleFrame(frame: ServerFrame) {
    switch (frame.type) {
      case 'ready':
        threads.newEpoch();
        presence.restart();
        outbox.resend();
        void resync();
        return;
      case 'message.ack':
        return receive(frame.message, false);
      case 'message.new':
        return receive(frame.message, true);
      case 'typing':
        if (frame.user.id !== selfId())
          typing.setTyper(frame.conversationId, frame.user, frame.isTyping);
        return;
      case 'read':
        if (frame.userId === selfId())
          return reads.ownReadElsewhere(frame.conversationId, frame.messageId);
        return reads.noteMarker(frame.conversationId, frame.userId, frame.messageId);
      case 'presence':
        return presence.set(frame.userId, frame.online);
      case 'conversation.new':
        return conversations.add(frame.conversation);
      case 'error':
        // Refused as a non-member: the conversation was moved away (reassignment); the list drops it.
        if (frame.code === 'forbidden') void conversations.load();
        if (frame.clientId) outbox.fail(frame.clientId, frame.message);
        else console.warn('[chat]', frame.code, frame.message);
        return;
      case 'pong':
        return;
    }
  }

  /** The thread as drawn: confirmed messages, then what is still on its way. */
  function threadItems(conversationId: number): ChatItem[] {
    const t = threads.all.value[conversationId];
    const self = me.value;
    if (!t || !self) return [];
    const conv = conversations.byId(conversationId);
    const others = (conv?.participants ?? []).filter((u) => u.id !== self.id);
    const marks = reads.others(conversationId);
    // A reply proves the message before it was seen, even when its read frame came before this tab opened.
    let lastFromOthers = 0;
    for (const m of t.messages) if (m.sender.id !== self.id) lastFromOthers = m.id;
    const items: ChatItem[] = t.messages.map((m) => {
      const base = {
        id: m.id,
        sender: m.sender,
        body: m.body,
        createdAt: m.createdAt,
        clientId: m.clientId,
      };
      if (m.sender.id !== self.id) return { ...base, key: `m${m.id}`, mine: false };
      const readBy = others.filter((u) => (marks[u.id] ?? 0) >= m.id);
      const read = readBy.length > 0 || lastFromOthers > m.id;
      return { ...base, key: `c${m.clientId}`, mine: true, status: read ? 'read' : 'sent', readBy };
    });
    const sender: UserSummary = {
      id: self.id,
      firstName: self.firstName,
      lastName: self.lastName,
      role: self.role,
    };
    for (const p of t.pending) {
      items.push({
        key: `c${p.clientId}`,
        id: null,
        sender,
        body: p.body,
        createdAt: p.createdAt,
        clientId: p.clientId,
        mine: true,
        status: p.error ? 'failed' : 'pending',
        error: p.error,
      });
    }
    return items;
  }

  let stopFns: (() => void)[] = [];

  return {
    // Conversations
    conversations: conversations.list,
    conversationsFailed: conversations.failed,
    privateConversation: conversations.privateConversation,
    groupConversation: conversations.group,
    clientConversations: conversations.clientConversations,
    unreadClientMessages: conversations.unreadClientMessages,
    unreadTeamMessages: conversations.unreadTeamMessages,
    unreadTotal: conversations.unreadTotal,
    conversationById: conversations.byId,
    loadConversations: conversations.load,
    /** The latest incoming message, worded for screen readers. */
    lastIncoming: computed(() => incoming.value),

    // Threads
    threadItems,
    threadState(id: number) {
      const t = threads.all.value[id];
      return {
        loaded: !!t?.loaded,
        failed: !!t?.failed,
        hasMore: !!t?.hasMore,
        loading: t?.loading ?? null,
      };
    },
    openThread: threads.open,
    loadOlder: threads.loadOlder,
    /** The id after which the « Non lus » divider goes in this conversation (null: none). */
    unreadDividerAfter(conversationId: number): number | null {
      const u = unreadFrom.value;
      return u && u.conversationId === conversationId ? u.after : null;
    },

    // Outbox
    sendMessage: outbox.send,
    retryMessage: outbox.retry,

    // Typing and presence
    noteTyping: typing.note,
    stopTyping: typing.stop,
    typingIn: typing.typingIn,
    isOnline: presence.isOnline,

    /** The conversation on screen (null when none): it is marked read while the page is visible. */
    setViewing(conversationId: number | null) {
      if (conversationId !== viewing.value) {
        const conv = conversationId === null ? null : conversations.byId(conversationId);
        unreadFrom.value =
          conv && conv.unreadCount > 0
            ? { conversationId: conv.id, after: reads.mine(conv.id) }
            : null;
      }
      viewing.value = conversationId;
    },

    /** Opens the chat for the signed-in person; `stop` undoes it all. */
    start() {
      if (stopFns.length) return;
      const onVisibility = () => {
        pageVisible.value = document.visibilityState === 'visible';
        if (!pageVisible.value) dropUnreadDivider(); // read before leaving: no divider on return
      };
      document.addEventListener('visibilitychange', onVisibility);
      stopFns = [
        socket.onFrame(handleFrame),
        () => document.removeEventListener('visibilitychange', onVisibility),
        effect(reads.markViewedAsRead),
      ];
      const userId = selfId();
      if (userId) stopFns.push(keepOutbox(userId, threads.all, outbox.restore));
      onVisibility();
      void conversations.load();
      socket.start();
    },
    stop() {
      socket.stop();
      for (const fn of stopFns) fn();
      stopFns = [];
      typing.clear();
      batch(() => {
        conversations.clear();
        threads.clear();
        reads.clear();
        presence.clear();
        viewing.value = null;
        incoming.value = null;
        unreadFrom.value = null;
      });
    },
  };
}
export type ChatModel = ReturnType<typeof createChatModel>;
