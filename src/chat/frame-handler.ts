/**
 * What each client frame does. Every frame that names a conversation is checked
 * against the database membership; a refusal stores and relays nothing.
 */
import type { User } from '../db/schema';
import type { Platform } from '../platform';
import type { ClientFrame, ServerFrame } from '../realtime/protocol';
import { markRead, relayTyping, sendMessage } from './service';

/** One open chat socket, as the frame handler sees it. */
export type ChatConnection = {
  id: string;
  user: User;
  send(frame: ServerFrame): void;
  /** Conversations where this socket last said "typing", cleared for the others when it closes. */
  typingIn: Set<number>;
};

const FORBIDDEN = 'Vous n’êtes pas membre de cette conversation.';

export async function handleClientFrame(p: Platform, conn: ChatConnection, frame: ClientFrame) {
  switch (frame.type) {
    case 'ping':
      return conn.send({ type: 'pong' });
    case 'message.send': {
      const { conversationId, body, clientId } = frame;
      const result = await sendMessage(p, conn.user, conversationId, { body, clientId }, conn.id);
      if (result.ok) return conn.send({ type: 'message.ack', clientId, message: result.message });
      if (result.reason === 'not_member')
        return conn.send({ type: 'error', code: 'forbidden', message: FORBIDDEN, clientId });
      if (result.reason === 'rate_limited') {
        return conn.send({
          type: 'error',
          code: 'rate_limited',
          message: 'Trop de messages envoyés. Patientez quelques secondes.',
          clientId,
        });
      }
      return conn.send({
        type: 'error',
        code: 'validation_failed',
        message: 'clientId déjà utilisé dans cette conversation.',
        clientId,
      });
    }
    case 'typing': {
      const ok = await relayTyping(p, conn.user, frame.conversationId, frame.isTyping);
      if (!ok) return conn.send({ type: 'error', code: 'forbidden', message: FORBIDDEN });
      if (frame.isTyping) conn.typingIn.add(frame.conversationId);
      else conn.typingIn.delete(frame.conversationId);
      return;
    }
    case 'read': {
      const result = await markRead(p, conn.user, frame.conversationId, frame.messageId, conn.id);
      if (result === 'not_member')
        return conn.send({ type: 'error', code: 'forbidden', message: FORBIDDEN });
      if (result === 'unknown_message') {
        return conn.send({
          type: 'error',
          code: 'validation_failed',
          message: 'Ce message n’appartient pas à cette conversation.',
        });
      }
      return;
    }
  }
}

/** The socket closed: whoever saw this socket typing is told it stopped. */
export async function clearTyping(p: Platform, conn: ChatConnection) {
  for (const conversationId of conn.typingIn)
    await relayTyping(p, conn.user, conversationId, false);
  conn.typingIn.clear();
}
