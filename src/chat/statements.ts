import { and, eq, lt, sql } from 'drizzle-orm';
import { preparedPer } from '../db/prepared';
import { conversationMembers, messages } from '../db/schema';

/**
 * The chat's hottest reads, prepared once per database: every frame checks
 * membership and every send looks its clientId up, and building and preparing
 * those queries each time cost more than running them. They run on the same
 * connection, so they take part in an open transaction.
 */
export const chatStatements = preparedPer((db) => {
  const c = sql.placeholder('conversationId');
  const u = sql.placeholder('userId');
  return {
    isMember: db
      .select({ one: sql<number>`1` })
      .from(conversationMembers)
      .where(and(eq(conversationMembers.conversationId, c), eq(conversationMembers.userId, u)))
      .prepare(),
    memberIds: db
      .select({ id: conversationMembers.userId })
      .from(conversationMembers)
      .where(eq(conversationMembers.conversationId, c))
      .prepare(),
    messageByClientId: db
      .select()
      .from(messages)
      .where(
        and(eq(messages.conversationId, c), eq(messages.clientId, sql.placeholder('clientId'))),
      )
      .prepare(),
    messageInConversation: db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.id, sql.placeholder('messageId')), eq(messages.conversationId, c)))
      .prepare(),
    /** Moves a read marker forward only; returns a row when it moved. */
    advanceReadMarker: db
      .update(conversationMembers)
      .set({ lastReadMessageId: sql`${sql.placeholder('messageId')}` })
      .where(
        and(
          eq(conversationMembers.conversationId, c),
          eq(conversationMembers.userId, u),
          lt(conversationMembers.lastReadMessageId, sql.placeholder('messageId')),
        ),
      )
      .returning({ id: conversationMembers.userId })
      .prepare(),
  };
});
