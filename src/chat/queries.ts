/**
 * Read side of the chat: who belongs where, and conversations as one viewer
 * sees them. A handful of set queries per call, never one per conversation, so
 * an advisor with thousands of clients costs the same few round trips (D1 too).
 */
import { and, asc, desc, eq, gt, inArray, lt, ne, sql, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Executor } from '../db/client';
import { preparedPer } from '../db/prepared';
import { conversationMembers, conversations, messages, users } from '../db/schema';
import type { ConversationView } from '../realtime/protocol';
import { toUserSummary, type UserSummary } from '../users/shape';
import { toMessageView, type MessageView } from './messages';

/** The user ids of a conversation's members, as the database says right now. */
export function memberIdsOf(db: Executor, conversationId: number): number[] {
  return db
    .select({ id: conversationMembers.userId })
    .from(conversationMembers)
    .where(eq(conversationMembers.conversationId, conversationId))
    .all()
    .map((r) => r.id);
}

/** The conversation ids a user belongs to. */
export function conversationIdsOf(db: Executor, userId: number): number[] {
  return socketOpenQueries(db)
    .conversationIds.all({ userId })
    .map((r) => r.id);
}

/** Everyone who shares at least one conversation with the user (presence goes to them). */
export function peerIdsOf(db: Executor, userId: number): number[] {
  return socketOpenQueries(db)
    .peerIds.all({ userId })
    .map((r) => r.id);
}

const other = alias(conversationMembers, 'other');

/** What every socket runs as it opens (and closes: presence), prepared once. */
const socketOpenQueries = preparedPer((db) => {
  const userId = sql.placeholder('userId');
  return {
    conversationIds: db
      .select({ id: conversationMembers.conversationId })
      .from(conversationMembers)
      .where(eq(conversationMembers.userId, userId))
      .orderBy(asc(conversationMembers.conversationId))
      .prepare(),
    peerIds: db
      .selectDistinct({ id: other.userId })
      .from(conversationMembers)
      .innerJoin(other, eq(other.conversationId, conversationMembers.conversationId))
      .where(and(eq(conversationMembers.userId, userId), ne(other.userId, userId)))
      .prepare(),
  };
});

/** The conversations the viewer belongs to (or just one of them), newest activity first. */
export function conversationViewsFor(
  db: Executor,
  viewerId: number,
  onlyConversationId?: number,
): ConversationView[] {
  const mine = db
    .select({ id: conversationMembers.conversationId })
    .from(conversationMembers)
    .where(
      and(
        eq(conversationMembers.userId, viewerId),
        onlyConversationId === undefined
          ? undefined
          : eq(conversationMembers.conversationId, onlyConversationId),
      ),
    );
  return viewsOf(db, viewerId, mine);
}

/**
 * Every private conversation as a supervisor who is no member of them sees it: named
 * after its participants, nothing unread (the supervisor has no read marker there).
 */
export function privateConversationViews(db: Executor, viewerId: number): ConversationView[] {
  const all = db
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.kind, 'private'));
  return viewsOf(db, viewerId, all);
}

/** The conversations whose ids `mine` selects, as `viewerId` sees them, newest activity first. */
function viewsOf(db: Executor, viewerId: number, mine: SQLWrapper): ConversationView[] {
  const convs = db.select().from(conversations).where(inArray(conversations.id, mine)).all();
  if (convs.length === 0) return [];

  const participants = new Map<number, UserSummary[]>();
  const markers = new Map<number, { userId: number; messageId: number }[]>();
  const people = db
    .select({
      conversationId: conversationMembers.conversationId,
      lastRead: conversationMembers.lastReadMessageId,
      user: users,
    })
    .from(conversationMembers)
    .innerJoin(users, eq(users.id, conversationMembers.userId))
    .where(inArray(conversationMembers.conversationId, mine))
    .orderBy(asc(users.id))
    .all();
  for (const { conversationId, lastRead, user } of people) {
    const list = participants.get(conversationId) ?? [];
    list.push(toUserSummary(user));
    participants.set(conversationId, list);
    const read = markers.get(conversationId) ?? [];
    read.push({ userId: user.id, messageId: lastRead });
    markers.set(conversationId, read);
  }

  const latestIds = db
    .select({ id: sql`max(${messages.id})` })
    .from(messages)
    .where(inArray(messages.conversationId, mine))
    .groupBy(messages.conversationId);
  const last = new Map<number, MessageView>();
  for (const { m, sender } of db
    .select({ m: messages, sender: users })
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderId))
    .where(inArray(messages.id, latestIds))
    .all()) {
    last.set(m.conversationId, toMessageView(m, sender));
  }

  // Unread: others' messages after the viewer's read marker.
  const unread = new Map<number, number>();
  for (const row of db
    .select({ conversationId: messages.conversationId, n: sql<number>`count(*)` })
    .from(messages)
    .innerJoin(
      conversationMembers,
      and(
        eq(conversationMembers.conversationId, messages.conversationId),
        eq(conversationMembers.userId, viewerId),
      ),
    )
    .where(
      and(gt(messages.id, conversationMembers.lastReadMessageId), ne(messages.senderId, viewerId)),
    )
    .groupBy(messages.conversationId)
    .all()) {
    unread.set(row.conversationId, row.n);
  }

  const views = convs.map((conv): ConversationView => {
    const people = participants.get(conv.id) ?? [];
    const others = people.filter((u) => u.id !== viewerId);
    return {
      id: conv.id,
      kind: conv.kind,
      // A private conversation is named after the person on the other side.
      title:
        conv.kind === 'private' && others.length
          ? others.map((u) => `${u.firstName} ${u.lastName}`).join(', ')
          : conv.title,
      participants: people,
      lastMessage: last.get(conv.id) ?? null,
      unreadCount: unread.get(conv.id) ?? 0,
      readMarkers: markers.get(conv.id) ?? [],
    };
  });
  return views.sort((a, b) => (b.lastMessage?.id ?? 0) - (a.lastMessage?.id ?? 0) || b.id - a.id);
}

export type MessagePage = { items: MessageView[]; hasMore: boolean };

/**
 * One page of a conversation, ascending by id. `after` pages forward (hasMore:
 * newer ones exist); otherwise backward from `before` or the end (hasMore: older).
 */
export function messagePage(
  db: Executor,
  conversationId: number,
  q: { before?: number; after?: number; limit: number },
): MessagePage {
  const forward = q.after !== undefined;
  const where = and(
    eq(messages.conversationId, conversationId),
    forward
      ? gt(messages.id, q.after!)
      : q.before !== undefined
        ? lt(messages.id, q.before)
        : undefined,
  );
  const rows = db
    .select({ m: messages, sender: users })
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderId))
    .where(where)
    .orderBy(forward ? asc(messages.id) : desc(messages.id))
    .limit(q.limit + 1)
    .all();
  const hasMore = rows.length > q.limit;
  const page = rows.slice(0, q.limit).map(({ m, sender }) => toMessageView(m, sender));
  return { items: forward ? page : page.reverse(), hasMore };
}
