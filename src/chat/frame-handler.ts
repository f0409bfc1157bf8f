/**
 * What each client frame does. Every frame that names a conversation is checked
 * against the database membership; a refusal stores and relays nothing.
 */
import type { User } from '../db/schema';
import type { Platform } from '../platform';
import type { ClientFrame, ServerFrame } from '../realtime/protocol';
import { markRead, relayTyping, sendMessage } from './service';
import { errorBody } from '../http/errors';
import { isStorageUnavailable } from '../db/unavailable';
import { hitLimit } from '../http/limits';

/** One open chat socket, as the frame handler sees it. */
export type ChatConnection = {
  id: string;
  user: User;
  send(frame: ServerFrame): void;
  /** Sends a frame already serialised (the ack reuses the stored message's JSON). */
  sendJson(json: string): void;
  /**
   * Conversations where this socket last said "typing", with when that was relayed;
   * cleared for the others when it closes.
   */
  typingIn: Map<number, number>;
};

const FORBIDDEN = 'Vous n’êtes pas membre de cette conversation.';
/**
 * A repeated "typing" within this long is not relayed again: the others show it
 * for 6 s and the client repeats it every 3 s, so one relay per 2 s is enough.
 */
export const TYPING_COALESCE_MS = 2000;

const rateLimited = (conn: ChatConnection, message: string) =>
  conn.send({ type: 'error', code: 'rate_limited', message });

/**
 * Relays a typing state unless it changes nothing the others see: "typing" again
 * within TYPING_COALESCE_MS, or "stopped" when this socket never said "typing".
 * What is relayed counts toward LIMITS.typingRelays.
 */
async function handleTyping(
  p: Platform,
  conn: ChatConnection,
  conversationId: number,
  isTyping: boolean,
) {
  const since = conn.typingIn.get(conversationId);
  const now = p.clock.now().getTime();
  if (isTyping ? since !== undefined && now - since < TYPING_COALESCE_MS : since === undefined)
    return;
  if (!hitLimit(p, 'typingRelays', conn.user.id).ok)
    return rateLimited(
      conn,
      'Trop d’indications « en train d’écrire ». Patientez quelques secondes.',
    );
  const ok = await relayTyping(p, conn.user, conversationId, isTyping);
  if (!ok) return conn.send({ type: 'error', code: 'forbidden', message: FORBIDDEN });
  if (isTyping) conn.typingIn.set(conversationId, now);
  else conn.typingIn.delete(conversationId);
}

/**
 * Handles one frame; resolves once its write (if any) is committed. A `message.send` that stored
 * something returns `ack`, which settles once the ack (or the `unavailable` error) went out
 * after the sync.
 */
export async function handleClientFrame(
  p: Platform,
  conn: ChatConnection,
  frame: ClientFrame,
): Promise<{ ack: Promise<void> } | void> {
  switch (frame.type) {
    case 'ping':
      if (!hitLimit(p, 'pings', conn.id).ok)
        return rateLimited(conn, 'Trop de ping. Patientez quelques secondes.');
      return conn.send({ type: 'pong' });
    case 'message.send': {
      const { conversationId, body, clientId } = frame;
      const result = await sendMessage(p, conn.user, conversationId, { body, clientId }, conn.id);
      if (result.ok) {
        // The others got message.new at commit; the sender's ack waits for the sync (a failed
        // sync: `unavailable`, and a retry by clientId is safe). The socket's next frames need
        // not wait for it: they commit meanwhile and share the next sync.
        const json = `{"type":"message.ack","clientId":${JSON.stringify(clientId)},"message":${result.json}}`;
        const ack = p.durable().then(
          () => conn.sendJson(json),
          (err) => answerFailedFrame(conn, frame, err),
        );
        return { ack };
      }
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
    case 'typing':
      return handleTyping(p, conn, frame.conversationId, frame.isTyping);
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
  for (const conversationId of conn.typingIn.keys())
    await relayTyping(p, conn.user, conversationId, false);
  conn.typingIn.clear();
}

/**
 * A frame whose handling threw still gets an answer (a send, by its clientId):
 * `unavailable` when the database cannot write now (the transaction rolled back,
 * the client may retry), else `internal_error`.
 */
export function answerFailedFrame(conn: ChatConnection, frame: ClientFrame, err: unknown) {
  const code = isStorageUnavailable(err) ? 'unavailable' : 'internal_error';
  console.error('[ws]', code === 'unavailable' ? (err as Error).message : err);
  conn.send({
    type: 'error',
    code,
    message: errorBody(code).error.message,
    ...(frame.type === 'message.send' ? { clientId: frame.clientId } : {}),
  });
}
