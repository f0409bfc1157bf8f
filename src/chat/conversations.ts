import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { preparedPer } from '../db/prepared';
import { conversationMembers, conversations, users } from '../db/schema';

export const GROUP_TITLE = 'Équipe';

// Prepared once (seeding 5,000 clients built and compiled these 10,000 times, ~2 s of CPU).
const privateStatements = preparedPer((db) => ({
  conversation: db
    .insert(conversations)
    .values({
      kind: 'private',
      title: sql.placeholder('title'),
      clientId: sql.placeholder('clientId'),
      createdAt: sql.placeholder('createdAt'),
    })
    .returning()
    .prepare(),
  members: db
    .insert(conversationMembers)
    .values([
      {
        conversationId: sql.placeholder('conversationId'),
        userId: sql.placeholder('clientId'),
        joinedAt: sql.placeholder('joinedAt'),
      },
      {
        conversationId: sql.placeholder('conversationId'),
        userId: sql.placeholder('advisorId'),
        joinedAt: sql.placeholder('joinedAt'),
      },
    ])
    .prepare(),
}));

/** Creates a client's private conversation with their advisor. */
export function createPrivateConversationTx(
  tx: Executor,
  client: { id: number; firstName: string; lastName: string },
  advisorId: number,
  now: Date,
) {
  const st = privateStatements(tx);
  const conv = st.conversation.get({
    title: `${client.firstName} ${client.lastName}`,
    clientId: client.id,
    createdAt: now,
  })!;
  st.members.run({ conversationId: conv.id, clientId: client.id, advisorId, joinedAt: now });
  return conv;
}

/** The staff group (all advisors and the director); created once, joined by each staff member. */
export function joinStaffGroupTx(tx: Executor, userId: number, now: Date) {
  let group = tx
    .select()
    .from(conversations)
    .where(eq(conversations.kind, 'group'))
    .orderBy(asc(conversations.id))
    .get();
  if (!group) {
    group = tx
      .insert(conversations)
      .values({ kind: 'group', title: GROUP_TITLE, createdAt: now })
      .returning()
      .get();
  }
  tx.insert(conversationMembers)
    .values({ conversationId: group.id, userId, joinedAt: now })
    .onConflictDoNothing()
    .run();
  return group;
}

/** The advisor with the fewest clients (ties: the oldest), or null when there is none. */
export function pickAdvisorTx(tx: Executor): number | null {
  const row = tx
    .select({ id: users.id })
    .from(users)
    .where(eq(users.role, 'advisor'))
    // "users"."id" spelled out: drizzle would print a bare "id", which the subquery binds to c.id
    .orderBy(sql`(select count(*) from users c where c.advisor_id = "users"."id")`, asc(users.id))
    .limit(1)
    .get();
  return row?.id ?? null;
}

export function isMemberTx(tx: Executor, conversationId: number, userId: number): boolean {
  return !!tx
    .select({ one: sql`1` })
    .from(conversationMembers)
    .where(
      and(
        eq(conversationMembers.conversationId, conversationId),
        eq(conversationMembers.userId, userId),
      ),
    )
    .get();
}
