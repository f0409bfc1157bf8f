/**
 * The Bank's side of the chat sockets the Gateways hold. A Gateway reports a
 * socket's opening, each frame and its close; the Bank answers with the frames
 * for that socket (ready, acks, errors) and publishes the rest through the hub.
 * The chat rules are the app's own (parseClientFrame, handleClientFrame).
 */
import { eq } from 'drizzle-orm';
import { users, sessions } from '../../db/schema';
import type { Platform } from '../../platform';
import type { ServerFrame } from '../../realtime/protocol';
import { toUserSummary } from '../../users/shape';
import { parseClientFrame } from '../../chat/frames';
import { clearTyping, handleClientFrame, type ChatConnection } from '../../chat/frame-handler';
import { announcePresence, listConversationIds, listPeerIds } from '../../chat/service';
import { isOnline } from '../../realtime/hub';
import type { Presence } from './hub';

/** What a Gateway keeps on each socket (serializeAttachment): enough to survive hibernation. */
export type SocketAttachment = {
  connId: string;
  userId: number;
  sessionId: string;
  openedAt: number;
};

type Session = { conn: ChatConnection; outbox: string[]; queue: Promise<unknown> };

export function createSocketBridge(p: Platform, presence: Presence) {
  const open = new Map<string, Session>();

  /** The connection for a socket; rebuilt from its attachment if the Bank restarted since. */
  async function sessionOf(att: SocketAttachment): Promise<Session | null> {
    const known = open.get(att.connId);
    if (known) return known;
    const user = await p.db.select().from(users).where(eq(users.id, att.userId)).get();
    if (!user) return null;
    const s: Session = { outbox: [], queue: Promise.resolve(), conn: undefined! };
    s.conn = {
      id: att.connId,
      user,
      typingIn: new Map(),
      send: (frame: ServerFrame) => void s.outbox.push(JSON.stringify(frame)),
      sendJson: (json: string) => void s.outbox.push(json),
    };
    open.set(att.connId, s);
    return s;
  }
  const flush = (s: Session) => s.outbox.splice(0);

  return {
    /** A socket opened: its first frames (ready, who is online); others learn it is online. */
    async opened(att: SocketAttachment): Promise<string[]> {
      const s = await sessionOf(att);
      if (!s) return [];
      const [conversationIds, peerIds] = await Promise.all([
        listConversationIds(p, att.userId),
        listPeerIds(p, att.userId),
      ]);
      const wasOnline = isOnline(p.hub, att.userId);
      presence.add(att.userId, 1);
      s.conn.send({ type: 'ready', user: toUserSummary(s.conn.user), conversationIds });
      for (const id of peerIds)
        if (isOnline(p.hub, id)) s.conn.send({ type: 'presence', userId: id, online: true });
      if (!wasOnline) await announcePresence(p, att.userId, true);
      return flush(s);
    },

    /** One inbound frame, in order per socket; resolves with the frames for that socket. */
    frame(att: SocketAttachment, data: string): Promise<string[]> {
      const run = async () => {
        const s = await sessionOf(att);
        if (!s) return [];
        const parsed = parseClientFrame(data);
        if (!parsed.ok) {
          const { code, message, clientId } = parsed;
          s.conn.send({ type: 'error', code, message, ...(clientId ? { clientId } : {}) });
        } else await handleClientFrame(p, s.conn, parsed.frame);
        return flush(s);
      };
      const known = open.get(att.connId);
      const result = (known?.queue ?? Promise.resolve()).then(run, run);
      if (known) known.queue = result.catch(() => {});
      return result;
    },

    /** The socket closed: typing cleared, and offline once the user's last socket went. */
    async closed(att: SocketAttachment) {
      const s = open.get(att.connId);
      open.delete(att.connId);
      await s?.queue;
      if (s) await clearTyping(p, s.conn);
      presence.add(att.userId, -1);
      if (!isOnline(p.hub, att.userId)) await announcePresence(p, att.userId, false);
    },

    /** Which of these sessions still hold (the Gateways close sockets of the others). */
    async liveSessions(ids: string[]): Promise<string[]> {
      const now = p.clock.now().getTime();
      const live: string[] = [];
      for (const id of new Set(ids)) {
        const row = await p.db
          .select({ expiresAt: sessions.expiresAt })
          .from(sessions)
          .where(eq(sessions.id, id))
          .get();
        if (row && row.expiresAt.getTime() > now) live.push(id);
      }
      return live;
    },
  };
}
