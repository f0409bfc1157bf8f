/**
 * The Bank's side of the chat sockets the Gateways hold. A Gateway reports a
 * socket's opening, each frame and its close; the Bank answers with the frames
 * for that socket (ready, acks, errors) and publishes the rest through the hub.
 * The lifecycle, the frame queue and its caps are the app's own
 * (src/chat/connection.ts); this is only the transport: frames for the socket
 * wait in an outbox that the RPC's answer carries back.
 */
import { eq } from 'drizzle-orm';
import { users, type User } from '../../db/schema';
import type { Platform } from '../../platform';
import { liveSessionExpiry } from '../../auth/session';
import {
  ChatConnectionCore,
  createConnectionPool,
  type ConnectionPool,
} from '../../chat/connection';
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

/** A Gateway's socket as the Bank sees it: its frames wait in the outbox for the RPC's answer. */
class BankSocket extends ChatConnectionCore {
  readonly outbox: string[] = [];

  constructor(
    p: Platform,
    pool: ConnectionPool,
    att: SocketAttachment,
    user: User,
    private readonly presence: Presence,
  ) {
    super(p, pool, att.connId, user, att.sessionId);
  }

  sendJson(json: string) {
    this.outbox.push(json);
  }

  // The Gateway closes sockets of ended sessions itself (its alarm, the hub's session.ended).
  protected closeSocket() {}

  async open() {
    const { p, user } = this;
    const [conversationIds, peerIds] = await Promise.all([
      listConversationIds(p, user.id),
      listPeerIds(p, user.id),
    ]);
    await this.start({ conversationIds, peerIds }, () => this.presence.add(user.id, 1));
  }

  flush() {
    return this.outbox.splice(0);
  }
}

export function createSocketBridge(p: Platform, presence: Presence) {
  const open = new Map<string, BankSocket>();
  const pool = createConnectionPool();

  /** The connection for a socket; rebuilt from its attachment if the Bank restarted since. */
  function socketOf(att: SocketAttachment): BankSocket | null {
    const known = open.get(att.connId);
    if (known) return known;
    const user = p.db.select().from(users).where(eq(users.id, att.userId)).get();
    if (!user) return null;
    const s = new BankSocket(p, pool, att, user, presence);
    open.set(att.connId, s);
    return s;
  }

  return {
    /** A socket opened: its first frames (ready, who is online); others learn it is online. */
    async opened(att: SocketAttachment): Promise<string[]> {
      const s = socketOf(att);
      if (!s) return [];
      await s.open();
      return s.flush();
    },

    /**
     * One inbound frame, queued behind the socket's earlier ones (or refused at once
     * past the caps); resolves with the frames for that socket ready by then.
     */
    async frame(att: SocketAttachment, data: string): Promise<string[]> {
      const s = socketOf(att);
      if (!s) return [];
      await s.receive(data);
      return s.flush();
    },

    /** The socket closed: typing cleared, and offline once the user's last socket went. */
    async closed(att: SocketAttachment) {
      const s = open.get(att.connId);
      open.delete(att.connId);
      presence.add(att.userId, -1);
      if (s) await s.finish();
      // Opened before the Bank restarted and silent since: nothing to clear but presence.
      else if (!isOnline(p.hub, att.userId)) await announcePresence(p, att.userId, false);
    },

    /** Which of these sessions still hold (the Gateways close sockets of the others). */
    async liveSessions(ids: string[]): Promise<string[]> {
      const live: string[] = [];
      for (const id of new Set(ids)) if ((await liveSessionExpiry(p, id)) !== null) live.push(id);
      return live;
    },
  };
}
