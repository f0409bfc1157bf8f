/**
 * GET /api/ws: one chat socket per tab, carrying all of the user's conversations.
 * The session cookie (and, in checkOrigin, the Origin) is checked before the
 * upgrade. The lifecycle is ChatConnectionCore's (./connection.ts); this is the
 * transport of a host that runs the app's upgrade helper (Node, `ws`): the hub
 * listener for its user's frames and its session's end, protocol pings on the
 * host's heartbeat wheel, and the cut-off of a socket that reads too slowly.
 */
import { Hono } from 'hono';
import type { UpgradeWebSocket, WSContext, WSEvents } from 'hono/ws';
import type { AppEnv } from '../http/env';
import type { Platform } from '../platform';
import type { Session, User } from '../db/schema';
import { fail } from '../http/errors';
import { CONNECTION_RETRY_MS, connectionCapReached, tooMany } from '../http/limits';
import { topics, type HubEvent } from '../realtime/hub';
import { SOCKET_CLOSE_SESSION_ENDED } from '../realtime/protocol';
import { heartbeatWheelOf, type Heartbeat, type HeartbeatWheel } from '../realtime/heartbeat';
import {
  ChatConnectionCore,
  createConnectionPool,
  type ConnectionPool,
  type OpeningState,
} from './connection';
import { listConversationIds, listPeerIds } from './service';

export { MAX_PENDING_WRITES_PER_SOCKET } from './connection';

/** How often a socket is pinged (and its session checked). */
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
  const shared: Shared = { pool: createConnectionPool(), nextId: 0 };
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
    // Runs before the upgrade, so the ids are known when `ready` goes out.
    upgradeWebSocket(async (c) => {
      const p = c.var.platform;
      const user = c.var.user!;
      const [conversationIds, peerIds] = await Promise.all([
        listConversationIds(p, user.id),
        listPeerIds(p, user.id),
      ]);
      return new ChatSocket(p, shared, user, c.var.session!, { conversationIds, peerIds });
    }),
  );
}

/** What the sockets of one app share: the pending-write count and their ids. */
type Shared = { pool: ConnectionPool; nextId: number };

/** At most MAX_CONNECTIONS_PER_USER open chat sockets per user (checked again as each opens). */
const socketCapReached = (p: Platform, userId: number) =>
  connectionCapReached(p, p.hub.listenerCount(topics.sockets(userId)));

/** One object per socket (methods on the prototype, one hub listener closure). */
class ChatSocket extends ChatConnectionCore implements WSEvents, Heartbeat {
  wheelSlot: Set<Heartbeat> | null = null;
  private wheel!: HeartbeatWheel;
  private ws!: WSContext;
  private raw: RawSocket = {};
  private alive = true;
  /** Wheel visits left before the next ping (the wheel may turn faster than HEARTBEAT_MS). */
  private beatsToPing = 0;
  private unsubscribe = () => {};
  /** On the hub: its user's frames, its session's end. */
  private readonly onHubEvent = (event: HubEvent) => {
    if (event.type === 'session.ended')
      return this.ws.close(SOCKET_CLOSE_SESSION_ENDED, 'session_ended');
    if (event.exceptConnection !== this.id) this.sendJson(event.json);
  };

  constructor(
    p: Platform,
    shared: Shared,
    user: User,
    session: Session,
    private opening: OpeningState | null,
  ) {
    super(p, shared.pool, `ws${++shared.nextId}`, user, session.id);
  }

  sendJson(json: string) {
    if (this.ws.readyState !== 1) return;
    if ((this.raw.bufferedAmount ?? 0) > MAX_BUFFERED_BYTES) return this.drop(); // slow consumer
    this.ws.send(json);
  }

  protected closeSocket(code: number, reason: string) {
    this.ws.close(code, reason);
  }

  protected override get transportOpen() {
    return this.ws.readyState === 1;
  }

  private drop() {
    if (this.raw.terminate) this.raw.terminate();
    else this.ws.close(1011, 'dropped');
  }

  onOpen(_evt: Event, ws: WSContext) {
    this.ws = ws;
    const { p, user } = this;
    // Upgrades that passed the check together open one by one: the one past the cap is closed.
    if (socketCapReached(p, user.id)) return ws.close(SOCKET_CLOSE_TRY_LATER, 'too_many_sockets');
    this.raw = (ws.raw ?? {}) as RawSocket;
    this.raw.on?.('pong', () => (this.alive = true));
    const join = () =>
      (this.unsubscribe = p.hub.subscribe(
        [topics.sockets(user.id), topics.session(this.sessionId)],
        this.onHubEvent,
      ));
    void this.start(this.opening!, join).catch(logError);
    this.opening = null; // only `ready` needed it
    this.wheel = heartbeatWheelOf(p);
    this.beatsToPing = this.beatsPerPing();
    this.wheel.add(this);
  }

  onMessage(evt: MessageEvent) {
    void this.receive(evt.data);
  }

  /** Each wheel visit; every HEARTBEAT_MS: a ping (none answered since the last: dropped), a session check. */
  beat() {
    if (--this.beatsToPing > 0) return;
    this.beatsToPing = this.beatsPerPing();
    if (this.raw.ping && this.ws.readyState === 1) {
      if (!this.alive) return this.drop();
      this.alive = false;
      this.raw.ping();
    }
    void this.checkSession();
  }

  private beatsPerPing() {
    return Math.max(1, Math.round(HEARTBEAT_MS / this.wheel.periodMs));
  }

  onClose() {
    this.wheel?.remove(this);
    this.unsubscribe();
    // Deferred, so a host shutting down waits for it before closing the database.
    this.p.defer(this.finish());
  }
}

function logError(err: unknown) {
  console.error('[ws]', err);
}
