import { sql } from 'drizzle-orm';
import { preparedPer } from '../db/prepared';
import type { Executor } from '../db/client';
import { messages, type User } from '../db/schema';
import { appendEventTx } from '../realtime/events';
import { toUserSummary, type UserSummary } from '../users/shape';

export type MessageView = {
  id: number;
  conversationId: number;
  sender: UserSummary;
  body: string;
  clientId: string;
  createdAt: string;
};

export function toMessageView(
  m: typeof messages.$inferSelect,
  sender: Pick<User, 'id' | 'firstName' | 'lastName' | 'role'>,
): MessageView {
  return {
    id: m.id,
    conversationId: m.conversationId,
    sender: toUserSummary(sender),
    body: m.body,
    clientId: m.clientId,
    createdAt: m.createdAt.toISOString(),
  };
}

const insertMessage = preparedPer((db) =>
  db
    .insert(messages)
    .values({
      conversationId: sql.placeholder('conversationId'),
      senderId: sql.placeholder('senderId'),
      body: sql.placeholder('body'),
      clientId: sql.placeholder('clientId'),
      createdAt: sql.placeholder('createdAt'),
    })
    .returning()
    .prepare(),
);

/** Stores a message and its event in the caller's transaction; returns both for publishing. */
export function insertMessageTx(
  tx: Executor,
  sender: User,
  input: { conversationId: number; body: string; clientId: string },
  now: Date,
) {
  const row = insertMessage(tx).get({ ...input, senderId: sender.id, createdAt: now })!;
  const message = toMessageView(row, sender);
  const published = appendEventTx(
    tx,
    `conversation:${row.conversationId}`,
    'message.new',
    message,
    now,
  );
  return { message, published };
}
