import { and, eq, ne } from 'drizzle-orm';
import type { Platform } from '../platform';
import { conversationMembers, conversations, users } from '../db/schema';
import { createPrivateConversationTx } from '../chat/conversations';
import { announceConversation } from '../chat/service';

export type ReassignResult = 'ok' | 'unknown_client' | 'not_an_advisor';

/**
 * Gives a client to another advisor. The private conversation keeps its id and
 * history and changes hands: the old advisor's membership row is replaced, so
 * from the commit on they read 404 and receive no frame of it (recipients and
 * checks always come from the members table). The new advisor is told live.
 */
export async function reassignClient(
  p: Platform,
  clientId: number,
  advisorId: number,
): Promise<ReassignResult> {
  const now = p.clock.now();
  const out = p.db.transaction((tx) => {
    const client = tx
      .select()
      .from(users)
      .where(and(eq(users.id, clientId), eq(users.role, 'client')))
      .get();
    if (!client) return 'unknown_client' as const;
    const advisor = tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, advisorId), eq(users.role, 'advisor')))
      .get();
    if (!advisor) return 'not_an_advisor' as const;
    tx.update(users).set({ advisorId }).where(eq(users.id, clientId)).run();
    const conv = tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.clientId, clientId))
      .get();
    if (!conv)
      return {
        conversationId: createPrivateConversationTx(tx, client, advisorId, now).id,
        moved: true,
      };
    const already = tx
      .select({ id: conversationMembers.userId })
      .from(conversationMembers)
      .where(
        and(
          eq(conversationMembers.conversationId, conv.id),
          eq(conversationMembers.userId, advisorId),
        ),
      )
      .get();
    if (already) return { conversationId: conv.id, moved: false };
    tx.delete(conversationMembers)
      .where(
        and(
          eq(conversationMembers.conversationId, conv.id),
          ne(conversationMembers.userId, clientId),
        ),
      )
      .run();
    tx.insert(conversationMembers)
      .values({ conversationId: conv.id, userId: advisorId, joinedAt: now })
      .run();
    return { conversationId: conv.id, moved: true };
  });
  if (typeof out === 'string') return out;
  if (out.moved) await announceConversation(p, out.conversationId, [advisorId]);
  return 'ok';
}
