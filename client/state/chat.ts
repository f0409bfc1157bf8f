/**
 * The chat model: conversations with their unread counts, the messages of the
 * threads that were opened, what is being sent, who is typing, who is online
 * and how far the others have read. Everything arrives through the chat socket
 * (client/realtime.ts) or the REST history; components read the signals and call
 * the actions below, never fetch themselves.
 *
 * Nothing is lost across a reconnect: on every `ready` the list is refreshed,
 * each loaded thread fetches `?after=<last id held>`, and messages not yet
 * acknowledged are sent again with the same clientId (the server stores them once).
 */
import { batch, computed, effect, signal, untracked } from '@preact/signals';
import { api, ApiError } from '../api';
import type { ConversationView, MessageView, ServerFrame, UserSummary } from '../types';
import { MAX_FRAME_BYTES, TYPING_TIMEOUT_MS } from '../../src/realtime/protocol';
import {
  connectionState,
  onServerFrame,
  sendFrame,
  startChatSocket,
  stopChatSocket,
} from '../realtime';
import { clients, setClientOnline } from './clients';
import { me, sessionEnded } from './session';

export const MAX_BODY_CHARS = 4000;
const PAGE_SIZE = 50;
const CATCH_UP_PAGE = 100;
/** While someone keeps typing, "typing" is said again this often (the others forget it after 6 s). */
const TYPING_REPEAT_MS = 3000;
/** This long without a keystroke means the person stopped typing. */
const TYPING_IDLE_MS = 4000;

type Pending = {
  clientId: string;
  conversationId: number;
  body: string;
  createdAt: string;
  error?: string;
};
type Thread = {
  messages: MessageView[]; // confirmed, ascending by id, no duplicates
  pending: Pending[]; // sent by this tab, not acknowledged yet, in the order typed
  hasMore: boolean; // older messages exist on the server
  loaded: boolean; // the latest page arrived (catch-up applies from then on)
  loading: 'initial' | 'older' | null;
  failed: boolean;
};

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

const convs = signal<ConversationView[] | null>(null);
const convsFailed = signal(false);
const threads = signal<Record<number, Thread>>({});
/** My read marker per conversation, as far as this tab knows (the server never moves it back). */
const myReads = signal<Record<number, number>>({});
/** The other members' read markers: from the conversation list, then kept up by `read` frames. */
const othersReads = signal<Record<number, Record<number, number>>>({});
const typers = signal<Record<number, Record<number, UserSummary>>>({});
const presence = signal<Record<number, boolean>>({});
/** Whether `presence` is complete: after `ready` the server announces every peer that is online. */
const presenceLive = signal(false);
const viewing = signal<number | null>(null);
const pageVisible = signal(
  typeof document === 'undefined' || document.visibilityState === 'visible',
);
const incoming = signal<{ conversationId: number; text: string; seq: number } | null>(null);

const byLastActivity = (a: ConversationView, b: ConversationView) =>
  (b.lastMessage?.id ?? 0) - (a.lastMessage?.id ?? 0) || b.id - a.id;

export const conversations = computed(() =>
  convs.value ? [...convs.value].sort(byLastActivity) : null,
);
export const conversationsFailed = computed(() => convsFailed.value);
/** The client's conversation with their advisor. */
export const privateConversation = computed(
  () => convs.value?.find((c) => c.kind === 'private') ?? null,
);
/** The staff group "Équipe". */
export const groupConversation = computed(
  () => convs.value?.find((c) => c.kind === 'group') ?? null,
);
/** A staff member's client conversations, latest activity first. */
export const clientConversations = computed(
  () => conversations.value?.filter((c) => c.kind === 'private') ?? null,
);
export const unreadClientMessages = computed(() =>
  (clientConversations.value ?? []).reduce((n, c) => n + c.unreadCount, 0),
);
export const unreadTeamMessages = computed(() => groupConversation.value?.unreadCount ?? 0);
/** The latest incoming message, worded for screen readers. */
export const lastIncoming = computed(() => incoming.value);

export function conversationById(id: number) {
  return convs.value?.find((c) => c.id === id) ?? null;
}

export function threadState(id: number) {
  const t = threads.value[id];
  return {
    loaded: !!t?.loaded,
    failed: !!t?.failed,
    hasMore: !!t?.hasMore,
    loading: t?.loading ?? null,
  };
}

export function isOnline(userId: number): boolean {
  // While our own link is down nobody is shown online: we cannot know, and "en ligne" would promise a reply.
  if (connectionState.value === 'reconnecting') return false;
  if (presenceLive.value) return !!presence.value[userId];
  return clients.value?.find((c) => c.id === userId)?.online ?? false;
}

/** The people typing in a conversation right now (never me). */
export function typingIn(conversationId: number): UserSummary[] {
  return Object.values(typers.value[conversationId] ?? {});
}

/** The thread as drawn: confirmed messages, then what is still on its way. */
export function threadItems(conversationId: number): ChatItem[] {
  const t = threads.value[conversationId];
  const self = me.value;
  if (!t || !self) return [];
  const conv = conversationById(conversationId);
  const others = (conv?.participants ?? []).filter((u) => u.id !== self.id);
  const marks = othersReads.value[conversationId] ?? {};
  // A reply proves the message before it was seen, even when its read frame came before this tab opened.
  let lastFromOthers = 0;
  for (const m of t.messages) if (m.sender.id !== self.id) lastFromOthers = m.id;
  const items: ChatItem[] = t.messages.map((m) => {
    const mine = m.sender.id === self.id;
    if (!mine)
      return {
        key: `m${m.id}`,
        id: m.id,
        sender: m.sender,
        body: m.body,
        createdAt: m.createdAt,
        clientId: m.clientId,
        mine,
      };
    const readBy = others.filter((u) => (marks[u.id] ?? 0) >= m.id);
    const read = readBy.length > 0 || lastFromOthers > m.id;
    return {
      key: `c${m.clientId}`,
      id: m.id,
      sender: m.sender,
      body: m.body,
      createdAt: m.createdAt,
      clientId: m.clientId,
      mine,
      status: read ? 'read' : 'sent',
      readBy,
    };
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

// ---------------------------------------------------------------------------
// Lifecycle

let stopFns: (() => void)[] = [];
/** Bumped by every `ready`: a history page that was in flight across one must catch up after it. */
let readyEpoch = 0;

/** Opens the chat for the signed-in person; `stopChat` undoes it all. */
export function startChat() {
  if (stopFns.length) return;
  const onVisibility = () => (pageVisible.value = document.visibilityState === 'visible');
  document.addEventListener('visibilitychange', onVisibility);
  stopFns = [
    onServerFrame(handleFrame),
    () => document.removeEventListener('visibilitychange', onVisibility),
    effect(markViewedAsRead),
  ];
  onVisibility();
  void loadConversations();
  startChatSocket();
}

export function stopChat() {
  stopChatSocket();
  for (const fn of stopFns) fn();
  stopFns = [];
  for (const t of typingTimers.values()) clearTimeout(t);
  typingTimers.clear();
  for (const t of typingOut.values()) clearTimeout(t.idle);
  typingOut.clear();
  batch(() => {
    convs.value = null;
    convsFailed.value = false;
    threads.value = {};
    myReads.value = {};
    othersReads.value = {};
    typers.value = {};
    presence.value = {};
    presenceLive.value = false;
    viewing.value = null;
    incoming.value = null;
  });
}

/** The conversation on screen (null when none): it is marked read while the page is visible. */
export function setViewing(conversationId: number | null) {
  viewing.value = conversationId;
}

// ---------------------------------------------------------------------------
// Loading

function handleAuthError(e: unknown) {
  if (e instanceof ApiError && e.status === 401) {
    sessionEnded();
    return true;
  }
  return false;
}

export async function loadConversations() {
  try {
    const { items } = await api.get<{ items: ConversationView[] }>('/api/conversations');
    batch(() => {
      convs.value = items;
      convsFailed.value = false;
      for (const c of items)
        for (const r of c.readMarkers ?? []) noteOthersRead(c.id, r.userId, r.messageId);
    });
  } catch (e) {
    if (!handleAuthError(e) && !convs.value) convsFailed.value = true;
  }
}

function updateThread(id: number, change: (t: Thread) => Thread) {
  const t = threads.value[id] ?? {
    messages: [],
    pending: [],
    hasMore: false,
    loaded: false,
    loading: null,
    failed: false,
  };
  threads.value = { ...threads.value, [id]: change(t) };
}

/** Adds messages to a thread's confirmed list: sorted by id, duplicates dropped, matching pendings retired. */
function mergeMessages(t: Thread, incomingMessages: MessageView[]): Thread {
  const selfId = me.value?.id;
  const known = new Set(t.messages.map((m) => m.id));
  const fresh = incomingMessages.filter((m) => !known.has(m.id));
  const acked = new Set(
    incomingMessages.filter((m) => m.sender.id === selfId).map((m) => m.clientId),
  );
  const pending = acked.size ? t.pending.filter((p) => !acked.has(p.clientId)) : t.pending;
  if (!fresh.length && pending === t.pending) return t;
  const messages = fresh.length
    ? [...t.messages, ...fresh].sort((a, b) => a.id - b.id)
    : t.messages;
  return { ...t, messages, pending };
}

/** Loads the latest page of a conversation the first time it is shown. */
export async function openThread(id: number) {
  const t = threads.value[id];
  if (t?.loaded || t?.loading === 'initial') return;
  updateThread(id, (t) => ({ ...t, loading: 'initial', failed: false }));
  const epoch = readyEpoch;
  try {
    const page = await api.get<{ items: MessageView[]; hasMore: boolean }>(
      `/api/conversations/${id}/messages?limit=${PAGE_SIZE}`,
    );
    updateThread(id, (t) => ({
      ...mergeMessages(t, page.items),
      hasMore: page.hasMore,
      loaded: true,
      loading: null,
    }));
    if (epoch !== readyEpoch) await catchUp(id);
  } catch (e) {
    if (handleAuthError(e)) return;
    if (e instanceof ApiError && e.status === 404) return forgetConversation(id);
    updateThread(id, (t) => ({ ...t, loading: null, failed: true }));
  }
}

/** The page before the oldest message held (infinite scroll upward). */
export async function loadOlder(id: number) {
  const t = threads.value[id];
  if (!t?.loaded || !t.hasMore || t.loading) return;
  const first = t.messages[0];
  if (!first) return;
  updateThread(id, (t) => ({ ...t, loading: 'older' }));
  try {
    const page = await api.get<{ items: MessageView[]; hasMore: boolean }>(
      `/api/conversations/${id}/messages?before=${first.id}&limit=${PAGE_SIZE}`,
    );
    updateThread(id, (t) => ({
      ...mergeMessages(t, page.items),
      hasMore: page.hasMore,
      loading: null,
    }));
  } catch (e) {
    if (handleAuthError(e)) return;
    updateThread(id, (t) => ({ ...t, loading: null }));
  }
}

/** Fetches whatever was said after the last message held, page by page. */
async function catchUp(id: number) {
  for (let round = 0; round < 50; round++) {
    const t = threads.value[id];
    if (!t?.loaded) return;
    const after = t.messages.at(-1)?.id ?? 0;
    try {
      const page = await api.get<{ items: MessageView[]; hasMore: boolean }>(
        `/api/conversations/${id}/messages?after=${after}&limit=${CATCH_UP_PAGE}`,
      );
      updateThread(id, (t) => mergeMessages(t, page.items));
      for (const m of page.items) noteInConversationList(m);
      if (!page.hasMore) return;
    } catch (e) {
      if (handleAuthError(e)) return;
      if (e instanceof ApiError && e.status === 404) return forgetConversation(id);
      return; // the next reconnect tries again
    }
  }
}

/** No longer a member (e.g. the client was reassigned): the conversation goes away. */
function forgetConversation(id: number) {
  batch(() => {
    if (convs.value) convs.value = convs.value.filter((c) => c.id !== id);
    const { [id]: _gone, ...rest } = threads.value;
    threads.value = rest;
    if (viewing.value === id) viewing.value = null;
  });
}

// ---------------------------------------------------------------------------
// Sending

function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; plain http on a LAN address has none.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const countChars = (s: string) => [...s].length;

/** Why a draft cannot be sent, or null when it can. */
export function draftProblem(text: string): string | null {
  const body = text.trim();
  if (!body) return 'Le message est vide.';
  if (countChars(body) > MAX_BODY_CHARS)
    return `Votre message dépasse ${MAX_BODY_CHARS} caractères.`;
  return null;
}

/** Shows the message at once and sends it; it stays "pending" until the server acknowledges it. */
export function sendMessage(conversationId: number, text: string): string | null {
  const problem = draftProblem(text);
  if (problem) return problem;
  const pending: Pending = {
    clientId: newClientId(),
    conversationId,
    body: text.trim(),
    createdAt: new Date().toISOString(),
  };
  updateThread(conversationId, (t) => ({ ...t, pending: [...t.pending, pending] }));
  stopTyping(conversationId);
  transmit(pending);
  return null;
}

/** Sends a failed message again, with the same clientId. */
export function retryMessage(conversationId: number, clientId: string) {
  const p = threads.value[conversationId]?.pending.find((x) => x.clientId === clientId);
  if (!p) return;
  const again = { ...p, error: undefined };
  updateThread(conversationId, (t) => ({
    ...t,
    pending: t.pending.map((x) => (x.clientId === clientId ? again : x)),
  }));
  transmit(again);
}

const encoder = new TextEncoder();

function transmit(p: Pending) {
  const frame = {
    type: 'message.send' as const,
    conversationId: p.conversationId,
    body: p.body,
    clientId: p.clientId,
  };
  // Escaping can push a 4,000-character body past the frame limit: REST has no such limit.
  if (encoder.encode(JSON.stringify(frame)).length > MAX_FRAME_BYTES) return void postMessage(p);
  sendFrame(frame); // when closed, it is sent on the next `ready`
}

async function postMessage(p: Pending) {
  try {
    const { message } = await api.post<{ message: MessageView }>(
      `/api/conversations/${p.conversationId}/messages`,
      {
        body: p.body,
        clientId: p.clientId,
      },
    );
    receive(message, false);
  } catch (e) {
    if (handleAuthError(e)) return;
    if (e instanceof ApiError && e.status !== 0) failPending(p.clientId, e.message);
  }
}

function failPending(clientId: string, message: string) {
  for (const [id, t] of Object.entries(threads.value)) {
    if (t.pending.some((p) => p.clientId === clientId)) {
      updateThread(Number(id), (t) => ({
        ...t,
        pending: t.pending.map((p) => (p.clientId === clientId ? { ...p, error: message } : p)),
      }));
    }
  }
}

function resendPending() {
  for (const t of Object.values(threads.value))
    for (const p of t.pending) if (!p.error) transmit(p);
}

// ---------------------------------------------------------------------------
// Typing

const typingOut = new Map<number, { sentAt: number; idle: ReturnType<typeof setTimeout> }>();

/** The person typed in the composer. */
export function noteTyping(conversationId: number) {
  const now = Date.now();
  const t = typingOut.get(conversationId);
  if (t) clearTimeout(t.idle);
  let sentAt = t?.sentAt ?? 0;
  if (
    now - sentAt >= TYPING_REPEAT_MS &&
    sendFrame({ type: 'typing', conversationId, isTyping: true })
  )
    sentAt = now;
  typingOut.set(conversationId, {
    sentAt,
    idle: setTimeout(() => stopTyping(conversationId), TYPING_IDLE_MS),
  });
}

/** The person sent, emptied the composer or went quiet. */
export function stopTyping(conversationId: number) {
  const t = typingOut.get(conversationId);
  if (!t) return;
  clearTimeout(t.idle);
  typingOut.delete(conversationId);
  if (t.sentAt) sendFrame({ type: 'typing', conversationId, isTyping: false });
}

const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();

function setTyper(conversationId: number, user: UserSummary, isTyping: boolean) {
  const key = `${conversationId}:${user.id}`;
  clearTimeout(typingTimers.get(key));
  typingTimers.delete(key);
  const inConv = { ...(typers.value[conversationId] ?? {}) };
  if (isTyping) {
    inConv[user.id] = user;
    typingTimers.set(
      key,
      setTimeout(() => setTyper(conversationId, user, false), TYPING_TIMEOUT_MS),
    );
  } else {
    if (!inConv[user.id]) return;
    delete inConv[user.id];
  }
  typers.value = { ...typers.value, [conversationId]: inConv };
}

// ---------------------------------------------------------------------------
// Read markers

/** Another member read up to `messageId` (markers only move forward). */
function noteOthersRead(conversationId: number, userId: number, messageId: number) {
  if (userId === me.value?.id) return;
  const current = othersReads.value[conversationId]?.[userId] ?? 0;
  if (messageId <= current) return;
  othersReads.value = {
    ...othersReads.value,
    [conversationId]: { ...othersReads.value[conversationId], [userId]: messageId },
  };
}

/** Runs as an effect: the conversation on screen, in a visible page, is read up to its last message. */
function markViewedAsRead() {
  const id = viewing.value;
  if (id === null || !pageVisible.value) return;
  const last = threads.value[id]?.messages.at(-1);
  if (!last) return;
  untracked(() => markRead(id, last.id));
}

function markRead(conversationId: number, messageId: number) {
  const conv = conversationById(conversationId);
  const already = myReads.value[conversationId] ?? 0;
  if (messageId <= already && !conv?.unreadCount) return;
  batch(() => {
    myReads.value = { ...myReads.value, [conversationId]: Math.max(already, messageId) };
    setUnread(conversationId, 0);
  });
  if (!sendFrame({ type: 'read', conversationId, messageId })) {
    api.post(`/api/conversations/${conversationId}/read`, { messageId }).catch(handleAuthError);
  }
}

function setUnread(conversationId: number, unreadCount: number) {
  if (!convs.value) return;
  convs.value = convs.value.map((c) =>
    c.id === conversationId && c.unreadCount !== unreadCount ? { ...c, unreadCount } : c,
  );
}

/** My own read marker moved in another tab. */
function ownReadElsewhere(conversationId: number, messageId: number) {
  myReads.value = {
    ...myReads.value,
    [conversationId]: Math.max(myReads.value[conversationId] ?? 0, messageId),
  };
  const conv = conversationById(conversationId);
  if (!conv) return;
  if (!conv.lastMessage || messageId >= conv.lastMessage.id) return setUnread(conversationId, 0);
  // Read part of the way: count what this tab holds after the marker, or ask the server.
  const t = threads.value[conversationId];
  const selfId = me.value?.id;
  if (t?.loaded && t.messages.length && t.messages[0]!.id <= messageId) {
    setUnread(
      conversationId,
      t.messages.filter((m) => m.id > messageId && m.sender.id !== selfId).length,
    );
  } else {
    void loadConversations();
  }
}

// ---------------------------------------------------------------------------
// Frames

/** Keeps the conversation list's last message and unread count in step with a message. */
function noteInConversationList(m: MessageView): boolean {
  const conv = conversationById(m.conversationId);
  if (!conv) return false;
  if (conv.lastMessage && conv.lastMessage.id >= m.id) return true; // already counted by the list
  const mine = m.sender.id === me.value?.id;
  const seen = viewing.value === m.conversationId && pageVisible.value;
  const unreadCount = conv.unreadCount + (mine || seen ? 0 : 1);
  convs.value = convs.value!.map((c) =>
    c.id === m.conversationId ? { ...c, lastMessage: m, unreadCount } : c,
  );
  return true;
}

function receive(m: MessageView, announce: boolean) {
  batch(() => {
    if (threads.value[m.conversationId])
      updateThread(m.conversationId, (t) => mergeMessages(t, [m]));
    if (!noteInConversationList(m)) void loadConversations();
    setTyper(m.conversationId, m.sender, false);
    if (announce && m.sender.id !== me.value?.id) {
      incoming.value = {
        conversationId: m.conversationId,
        text: `Nouveau message de ${m.sender.firstName} ${m.sender.lastName} : ${m.body}`,
        seq: (incoming.value?.seq ?? 0) + 1,
      };
    }
  });
}

function handleFrame(frame: ServerFrame) {
  switch (frame.type) {
    case 'ready':
      readyEpoch++;
      batch(() => {
        presence.value = {};
        presenceLive.value = true;
      });
      resendPending();
      void resync();
      return;
    case 'message.ack':
      return receive(frame.message, false);
    case 'message.new':
      return receive(frame.message, true);
    case 'typing':
      if (frame.user.id !== me.value?.id)
        setTyper(frame.conversationId, frame.user, frame.isTyping);
      return;
    case 'read':
      if (frame.userId === me.value?.id)
        return ownReadElsewhere(frame.conversationId, frame.messageId);
      return noteOthersRead(frame.conversationId, frame.userId, frame.messageId);
    case 'presence':
      presence.value = { ...presence.value, [frame.userId]: frame.online };
      setClientOnline(frame.userId, frame.online);
      return;
    case 'conversation.new': {
      const list = convs.value ?? [];
      convs.value = [...list.filter((c) => c.id !== frame.conversation.id), frame.conversation];
      return;
    }
    case 'error':
      // Refused as a non-member: the conversation was moved away (reassignment); the list drops it.
      if (frame.code === 'forbidden') void loadConversations();
      if (frame.clientId) failPending(frame.clientId, frame.message);
      else console.warn('[chat]', frame.code, frame.message);
      return;
    case 'pong':
      return;
  }
}

/** After (re)connecting: the list, then every loaded thread from its last message on. */
async function resync() {
  await loadConversations();
  await Promise.all(
    Object.entries(threads.value)
      .filter(([, t]) => t.loaded)
      .map(([id]) => catchUp(Number(id))),
  );
}
