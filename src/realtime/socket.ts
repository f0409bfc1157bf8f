/**
 * GET /api/ws: one chat socket per tab, carrying all of the user's conversations.
 * The session cookie (and, in checkOrigin, the Origin) is checked before the
 * upgrade. The socket listens on the hub for its user's frames and its
 * session's end; it is pinged, and dropped when it stops answering or reads
 * too slowly.
 */
import { Hono, type Context } from 'hono';
import type { UpgradeWebSocket, WSContext, WSEvents } from 'hono/ws';
import { eq } from 'drizzle-orm';
import type { AppEnv } from '../http/env';
import type { Platform } from '../platform';
import { sessions, type Session, type User } from '../db/schema';
import { fail } from '../http/errors';
import { CONNECTION_RETRY_MS, connectionCapReached, tooMany } from '../http/limits';
import { toUserSummary } from '../users/shape';
import { isOnline, topics } from './hub';
import { SOCKET_CLOSE_SESSION_ENDED, type ServerFrame } from './protocol';
import { parseClientFrame } from '../chat/frames';
import {
  answerFailedFrame,
  clearTyping,
  handleClientFrame,
  type ChatConnection,
} from '../chat/frame-handler';
import { announcePresence, listConversationIds, listPeerIds } from '../chat/service';

export const HEARTBEAT_MS = 25_000;
/** WebSocket close code 1013, "try again later": the user has too many sockets open. */
const SOCKET_CLOSE_TRY_LATER = 1013;
/** A socket whose unsent backlog passes this is closed rather than buffered without limit. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

/** What the Node host's `raw` (a `ws` WebSocket) offers; other hosts may offer none of it. */
type RawSocket = {
  bufferedAmount?: number;
  ping?(): void;
  terminate?(): void;
  on?(event: 'pong', listener: () => void): void;
};

export function chatSocketRoutes(upgradeWebSocket: UpgradeWebSocket<any, any>) {
  return new Hono<AppEnv>().get(
    '/',
    async (c, next) => {
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
        return fail(c, 426, 'upgrade_required', 'Connexion WebSocket attendue.');
      }
      if (!c.var.user || !c.var.session) return fail(c, 401, 'unauthenticated');
      if (socketCapReached(c.var.platform, c.var.user.id))
        return tooMany(c, CONNECTION_RETRY_MS, 'Trop de connexions ouvertes pour ce compte.');
      return next();
    },
    upgradeWebSocket(async (c) => {
      const events = await openChatSocket(c.var.platform, c.var.user!, c.var.session!);
      return {
        ...events,
        onOpen(evt, ws) {
          events.onOpen?.(evt, ws);
          releaseUpgradeContext(c);
        },
      };
    }),
  );
}

/**
 * The host's upgrade helper keeps the request's context alive as long as the
 * socket lives; once it is open, drop what only the HTTP exchange needed (the
 * upgrade's response headers and the raw Node request) so an idle socket costs less.
 */
/** At most MAX_CONNECTIONS_PER_USER open chat sockets per user (checked again as each opens). */
const socketCapReached = (p: Platform, userId: number) =>
  connectionCapReached(p, p.hub.listenerCount(topics.sockets(userId)));

function releaseUpgradeContext(c: Context) {
  c.res = undefined as unknown as Response;
  const env = c.env as { incoming?: unknown } | undefined;
  if (env && 'incoming' in env) env.incoming = undefined;
}

async function sessionIsLive(p: Platform, sessionId: string) {
  const row = await p.db
    .select({ expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(eq(sessions.id, sessionId))
    .get();
  return !!row && row.expiresAt.getTime() > p.clock.now().getTime();
}

/** Runs before the upgrade (so the ids are known when `ready` goes out) and returns the socket's handlers. */
async function openChatSocket(p: Platform, user: User, session: Session): Promise<WSEvents> {
  const [conversationIds, peerIds] = await Promise.all([
    listConversationIds(p, user.id),
    listPeerIds(p, user.id),
  ]);
  let ws: WSContext;
  let raw: RawSocket = {};
  let unsubscribe = () => {};
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let alive = true;
  let queue = Promise.resolve();

  const drop = () => (raw.terminate ? raw.terminate() : ws.close(1011, 'dropped'));
  const sendJson = (json: string) => {
    if (ws.readyState !== 1) return;
    if ((raw.bufferedAmount ?? 0) > MAX_BUFFERED_BYTES) return drop(); // slow consumer
    ws.send(json);
  };
  const conn: ChatConnection = {
    id: crypto.randomUUID(),
    user,
    typingIn: new Map(),
    send: (frame: ServerFrame) => sendJson(JSON.stringify(frame)),
  };

  const beat = async () => {
    if (raw.ping && ws.readyState === 1) {
      if (!alive) return drop();
      alive = false;
      raw.ping();
    }
    if (!(await sessionIsLive(p, session.id)))
      ws.close(SOCKET_CLOSE_SESSION_ENDED, 'session_ended');
  };

  return {
    onOpen(_evt, ctx) {
      ws = ctx;
      // Upgrades that passed the check together open one by one: the one past the cap is closed.
      if (socketCapReached(p, user.id)) return ws.close(SOCKET_CLOSE_TRY_LATER, 'too_many_sockets');
      raw = (ctx.raw ?? {}) as RawSocket;
      raw.on?.('pong', () => (alive = true));
      const wasOnline = isOnline(p.hub, user.id);
      unsubscribe = p.hub.subscribe(
        [topics.sockets(user.id), topics.session(session.id)],
        (event) => {
          if (event.type === 'session.ended')
            return ws.close(SOCKET_CLOSE_SESSION_ENDED, 'session_ended');
          if (event.exceptConnection !== conn.id) sendJson(event.json);
        },
      );
      conn.send({ type: 'ready', user: toUserSummary(user), conversationIds });
      for (const id of peerIds)
        if (isOnline(p.hub, id)) conn.send({ type: 'presence', userId: id, online: true });
      if (!wasOnline) void announcePresence(p, user.id, true).catch(logError);
      heartbeat = setInterval(() => void beat().catch(logError), HEARTBEAT_MS);
      heartbeat.unref?.();
    },
    onMessage(evt) {
      const parsed = parseClientFrame(evt.data);
      if (!parsed.ok) {
        const { code, message, clientId } = parsed;
        return conn.send({ type: 'error', code, message, ...(clientId ? { clientId } : {}) });
      }
      // One frame at a time per socket, so acks come back in the order the sends went out.
      // A frame still queued when the session ended (or the socket dropped) is not acted on.
      queue = queue
        .then(() => (ws.readyState === 1 ? handleClientFrame(p, conn, parsed.frame) : undefined))
        .catch((err) => answerFailedFrame(conn, parsed.frame, err));
    },
    onClose() {
      clearInterval(heartbeat);
      unsubscribe();
      // Deferred, so a host shutting down waits for it before closing the database.
      p.defer(
        queue.then(async () => {
          await clearTyping(p, conn);
          if (!isOnline(p.hub, user.id)) await announcePresence(p, user.id, false);
        }),
      );
    },
  };
}

function logError(err: unknown) {
  console.error('[ws]', err);
}
