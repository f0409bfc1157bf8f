/**
 * The chat rules, shared by the REST routes and the WebSocket: membership is
 * checked against the database on every call, writes commit before anything
 * is published, and recipients are the members the database lists at that moment.
 */
import { eq } from 'drizzle-orm';
import type { Platform } from '../platform';
import { conversations, type User } from '../db/schema';
import { toUserSummary } from '../users/shape';
import type { ConversationView } from '../realtime/protocol';
import { isMemberTx } from './conversations';
import { chatStatements } from './statements';
import { insertMessageTx, toMessageView, type MessageView } from './messages';
import {
  conversationIdsOf,
  conversationViewsFor,
  memberIdsOf,
  messagePage,
  peerIdsOf,
  privateConversationViews,
  type MessagePage,
} from './queries';
import { commit, frameEvent, framesTo, publish } from '../realtime/publish';
import { hitLimit } from '../http/limits';

export type SendResult =
  | { ok: true; message: MessageView; created: boolean; /** `message` serialised */ json: string }
  | { ok: false; reason: 'not_member' | 'client_id_taken' }
  | { ok: false; reason: 'rate_limited'; retryAfterMs: number };

/**
 * Stores a message and its event in one transaction, then publishes
 * `message.new` to every socket of every member except `connectionId` (the
 * sender's socket, which gets the ack instead). Sending the same clientId again
 * returns the first message and stores nothing; only new messages count toward
 * the send limit (LIMITS.chatSends).
 */
export async function sendMessage(
  p: Platform,
  sender: User,
  conversationId: number,
  input: { body: string; clientId: string },
  connectionId?: string,
): Promise<SendResult> {
  const now = p.clock.now();
  const q = chatStatements(p.db);
  // Sends that arrive together share one commit (one fsync); answered once it is durable.
  const out = await commit(p, 'group', () => {
    // The members as the database lists them now: the sender's membership and the recipients.
    const members = q.memberIds.all({ conversationId }).map((m) => m.id);
    if (!members.includes(sender.id)) return { kind: 'not_member' as const };
    const first = q.messageByClientId.get({ conversationId, clientId: input.clientId });
    if (first)
      return first.senderId === sender.id
        ? { kind: 'again' as const, row: first }
        : { kind: 'taken' as const };
    // Only a new message counts toward the limit: a retry above gets its first answer, never 429.
    const limit = hitLimit(p, 'chatSends', sender.id);
    if (!limit.ok) return { kind: 'limited' as const, retryAfterMs: limit.retryAfterMs };
    const stored = insertMessageTx(p.db, sender, { conversationId, ...input }, now); // prepared once, runs in this transaction
    const { event } = stored.published;
    // The stored event already holds the message serialised once; wrap it, don't re-serialise.
    const frame = `{"type":"message.new","message":${event.json}}`;
    const published = framesTo(members, {
      type: 'message.new',
      json: frame,
      id: event.id,
      exceptConnection: connectionId,
    });
    return { kind: 'stored' as const, message: stored.message, json: event.json, published };
  });
  if (out.kind === 'not_member') return { ok: false, reason: 'not_member' };
  if (out.kind === 'taken') return { ok: false, reason: 'client_id_taken' };
  if (out.kind === 'limited')
    return { ok: false, reason: 'rate_limited', retryAfterMs: out.retryAfterMs };
  if (out.kind === 'again') {
    const message = toMessageView(out.row, sender);
    return { ok: true, message, created: false, json: JSON.stringify(message) };
  }
  return { ok: true, message: out.message, created: true, json: out.json };
}

export async function isMember(p: Platform, conversationId: number, userId: number) {
  return !!chatStatements(p.db).isMember.get({ conversationId, userId });
}

/**
 * Whether the user may read a conversation: its members, and the director for every
 * private conversation (supervision, read-only: writing stays members-only).
 */
function mayRead(p: Platform, user: Pick<User, 'id' | 'role'>, conversationId: number) {
  if (isMemberTx(p.db, conversationId, user.id)) return true;
  if (user.role !== 'director') return false;
  const conv = p.db
    .select({ kind: conversations.kind })
    .from(conversations)
    .where(eq(conversations.id, conversationId))
    .get();
  return conv?.kind === 'private';
}

/** A page of history, or null when the user may not read it (or there is no such conversation). */
export async function listMessages(
  p: Platform,
  user: Pick<User, 'id' | 'role'>,
  conversationId: number,
  q: { before?: number; after?: number; limit: number },
): Promise<MessagePage | null> {
  if (!mayRead(p, user, conversationId)) return null;
  return messagePage(p.db, conversationId, q);
}

export async function listConversations(p: Platform, userId: number): Promise<ConversationView[]> {
  return conversationViewsFor(p.db, userId);
}

/** The director's supervision list: every private conversation, latest activity first. */
export async function listSupervisedConversations(
  p: Platform,
  director: Pick<User, 'id'>,
): Promise<ConversationView[]> {
  return privateConversationViews(p.db, director.id);
}

export async function listConversationIds(p: Platform, userId: number) {
  return conversationIdsOf(p.db, userId);
}

export type ReadResult = 'ok' | 'not_member' | 'unknown_message';

/**
 * Moves the user's read marker forward to `messageId` (never back) and tells the
 * other members and the reader's other sockets, so ticks and badges stay right.
 */
export async function markRead(
  p: Platform,
  user: User,
  conversationId: number,
  messageId: number,
  connectionId?: string,
): Promise<ReadResult> {
  const q = chatStatements(p.db);
  const ids = { conversationId, userId: user.id, messageId };
  const out = await commit(p, 'group', () => {
    if (!q.isMember.get(ids)) return { result: 'not_member' as const };
    if (!q.messageInConversation.get(ids)) return { result: 'unknown_message' as const };
    const moved = q.advanceReadMarker.all(ids);
    const read = { type: 'read' as const, conversationId, userId: user.id, messageId };
    const members = moved.length ? q.memberIds.all(ids).map((m) => m.id) : [];
    return { result: 'ok' as const, published: framesTo(members, frameEvent(read, connectionId)) };
  });
  return out.result;
}

/** Relays a typing state to the other members (not to the typist's own tabs); false when not a member. */
export async function relayTyping(
  p: Platform,
  user: User,
  conversationId: number,
  isTyping: boolean,
) {
  const members = chatStatements(p.db)
    .memberIds.all({ conversationId })
    .map((m) => m.id);
  if (!members.includes(user.id)) return false;
  const others = members.filter((id) => id !== user.id);
  const typing = { type: 'typing' as const, conversationId, user: toUserSummary(user), isTyping };
  publish(p, { published: framesTo(others, frameEvent(typing)) });
  return true;
}

/** Tells everyone who shares a conversation with the user that they came online or left. */
export async function announcePresence(p: Platform, userId: number, online: boolean) {
  const presence = frameEvent({ type: 'presence', userId, online });
  publish(p, { published: framesTo(peerIdsOf(p.db, userId), presence) });
}

export async function listPeerIds(p: Platform, userId: number) {
  return peerIdsOf(p.db, userId);
}

/** Sends `conversation.new` to each user, with the conversation as that user sees it. */
export async function announceConversation(p: Platform, conversationId: number, userIds: number[]) {
  for (const userId of userIds) {
    const [conversation] = conversationViewsFor(p.db, userId, conversationId);
    if (conversation)
      publish(p, {
        published: framesTo([userId], frameEvent({ type: 'conversation.new', conversation })),
      });
  }
}

/** After a client was created: their advisor learns of the new private conversation. */
export async function announceClientConversation(p: Platform, clientId: number) {
  const conv = p.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.clientId, clientId))
    .get();
  if (!conv) return;
  await announceConversation(
    p,
    conv.id,
    memberIdsOf(p.db, conv.id).filter((id) => id !== clientId),
  );
}
