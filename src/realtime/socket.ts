/**
 * GET /api/ws: one chat socket per tab, carrying all of the user's conversations.
 * The session cookie (and, in checkOrigin, the Origin) is checked before the
 * upgrade. The socket listens on the hub for its user's frames and its
 * session's end; it is pinged, and dropped when it stops answering or reads
 * too slowly.
 *
 * Per-socket state is one ChatSocket object (methods on the prototype, one hub
 * listener closure); every socket's heartbeat runs off one shared timer.
 */
import { Hono } from 'hono';
import type { UpgradeWebSocket, WSContext, WSEvents } from 'hono/ws';
import { eq, sql } from 'drizzle-orm';
import type { AppEnv } from '../http/env';
import type { Platform } from '../platform';
import { sessions, type Session, type User } from '../db/schema';
import { preparedPer } from '../db/prepared';
import { fail } from '../http/errors';
import { CONNECTION_RETRY_MS, connectionCapReached, tooMany } from '../http/limits';
import { toUserSummary } from '../users/shape';
import { isOnline, topics, type HubEvent } from './hub';
import { SOCKET_CLOSE_SESSION_ENDED, type ClientFrame, type ServerFrame } from './protocol';
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
/**
 * Writes (sends, reads) of one socket waiting for their turn. Past it, or past
 * MAX_PENDING_WRITES over every socket, a write is answered `rate_limited` at once
 * instead of queued: a saturated server refuses (cheap: no write, no fan-out) rather
 * than fall seconds behind. Pings and typing cost no write: they only count toward
 * MAX_PENDING_FRAMES_PER_SOCKET, which bounds a socket's queue in memory.
 */
export const MAX_PENDING_WRITES_PER_SOCKET = 32;
export const MAX_PENDING_WRITES = 1024;
export const MAX_PENDING_FRAMES_PER_SOCKET = 4096;

/** What the Node host's `raw` (a `ws` WebSocket) offers; other hosts may offer none of it. */
type RawSocket = {
  bufferedAmount?: number;
  ping?(): void;
  terminate?(): void;
  on?(event: 'pong', listener: () => void): void;
};

export function chatSocketRoutes(upgradeWebSocket: UpgradeWebSocket<any, any>) {
  const shared: Shared = { wheel: createHeartbeatWheel(), pendingWrites: 0, nextId: 0 };
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
      return new ChatSocket(p, shared, user, c.var.session!, conversationIds, peerIds);
    }),
  );
}

/** What the sockets of one app share: the heartbeat timer and the pending-write count. */
type Shared = { wheel: HeartbeatWheel; pendingWrites: number; nextId: number };

/** At most MAX_CONNECTIONS_PER_USER open chat sockets per user (checked again as each opens). */
const socketCapReached = (p: Platform, userId: number) =>
  connectionCapReached(p, p.hub.listenerCount(topics.sockets(userId)));

const sessionExpiry = preparedPer((db) =>
  db
    .select({ expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare(),
);

/** Frames whose work is one group-commit write (settled in the order they were queued). */
const WRITES = new Set<ClientFrame['type']>(['message.send', 'read']);

const BUSY = 'Trop de messages en attente. Patientez quelques secondes.';

class ChatSocket implements WSEvents, ChatConnection {
  readonly id: string;
  readonly typingIn = new Map<number, number>();
  /** Slot in the heartbeat wheel; -1 once it left. */
  slot = -1;
  private ws!: WSContext;
  private raw: RawSocket = {};
  private alive = true;
  private unsubscribe = () => {};
  private pending: ClientFrame[] = [];
  private pendingWrites = 0;
  /** Settles when the frames pending now are handled (what onClose waits for). */
  private drained: Promise<void> = Promise.resolve();
  /** On the hub: its user's frames, its session's end. */
  private readonly onHubEvent = (event: HubEvent) => {
    if (event.type === 'session.ended')
      return this.ws.close(SOCKET_CLOSE_SESSION_ENDED, 'session_ended');
    if (event.exceptConnection !== this.id) this.sendJson(event.json);
  };

  constructor(
    private readonly p: Platform,
    private readonly shared: Shared,
    readonly user: User,
    private readonly session: Session,
    private conversationIds: number[] | null,
    private peerIds: number[] | null,
  ) {
    this.id = `ws${++shared.nextId}`;
  }

  send(frame: ServerFrame) {
    this.sendJson(JSON.stringify(frame));
  }

  sendJson(json: string) {
    if (this.ws.readyState !== 1) return;
    if ((this.raw.bufferedAmount ?? 0) > MAX_BUFFERED_BYTES) return this.drop(); // slow consumer
    this.ws.send(json);
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
    const wasOnline = isOnline(p.hub, user.id);
    this.unsubscribe = p.hub.subscribe(
      [topics.sockets(user.id), topics.session(this.session.id)],
      this.onHubEvent,
    );
    this.send({ type: 'ready', user: toUserSummary(user), conversationIds: this.conversationIds! });
    for (const id of this.peerIds!)
      if (isOnline(p.hub, id)) this.send({ type: 'presence', userId: id, online: true });
    this.conversationIds = this.peerIds = null; // only `ready` needed them
    if (!wasOnline) void announcePresence(p, user.id, true).catch(logError);
    this.shared.wheel.add(this);
  }

  onMessage(evt: MessageEvent) {
    const parsed = parseClientFrame(evt.data);
    if (!parsed.ok) {
      const { code, message, clientId } = parsed;
      return this.send({ type: 'error', code, message, ...(clientId ? { clientId } : {}) });
    }
    const frame = parsed.frame;
    const write = WRITES.has(frame.type);
    if (
      write
        ? this.pendingWrites >= MAX_PENDING_WRITES_PER_SOCKET ||
          this.shared.pendingWrites >= MAX_PENDING_WRITES
        : this.pending.length >= MAX_PENDING_FRAMES_PER_SOCKET
    ) {
      const clientId = frame.type === 'message.send' ? { clientId: frame.clientId } : {};
      return this.send({ type: 'error', code: 'rate_limited', message: BUSY, ...clientId });
    }
    this.pending.push(frame);
    if (write) this.countWrites(1);
    if (this.pending.length === 1) this.drained = this.drain();
  }

  /**
   * Handles the pending frames in arrival order. A run of sends and reads starts at
   * once: their writes join one group commit, which settles them in arrival order, so
   * their answers still go out in order; anything else (ping, typing) waits for the
   * frames before it and runs alone. (One frame per loop turn and socket capped a busy
   * socket at ~1/turn: at 5,000 msg/s offered, p50 2 s behind.) A frame still queued
   * once the socket closed is not acted on.
   */
  private async drain() {
    while (this.pending.length) {
      let n = 1;
      if (WRITES.has(this.pending[0].type))
        while (n < this.pending.length && WRITES.has(this.pending[n].type)) n++;
      const handled = await Promise.all(this.pending.slice(0, n).map((f) => this.handle(f)));
      const run = this.pending.splice(0, n);
      // Committed: the next run may start. The writes stay counted until their acks went out
      // after the sync, so the cap refuses only when syncs fall behind.
      if (WRITES.has(run[0].type))
        void Promise.all(handled.map((h) => h?.ack)).then(() => this.countWrites(-n));
    }
  }

  private countWrites(n: number) {
    this.pendingWrites += n;
    this.shared.pendingWrites += n;
  }

  private async handle(frame: ClientFrame) {
    try {
      if (this.ws.readyState === 1) return await handleClientFrame(this.p, this, frame);
    } catch (err) {
      answerFailedFrame(this, frame, err);
    }
  }

  /** Called by the wheel every HEARTBEAT_MS: drops a socket that did not answer the last ping. */
  beat() {
    if (this.raw.ping && this.ws.readyState === 1) {
      if (!this.alive) return this.drop();
      this.alive = false;
      this.raw.ping();
    }
    const row = sessionExpiry(this.p.db).get({ id: this.session.id });
    if (!row || row.expiresAt.getTime() <= this.p.clock.now().getTime())
      this.ws.close(SOCKET_CLOSE_SESSION_ENDED, 'session_ended');
  }

  onClose() {
    const { p, user } = this;
    this.shared.wheel.remove(this);
    this.unsubscribe();
    // Deferred, so a host shutting down waits for it before closing the database.
    p.defer(
      this.drained.then(async () => {
        await clearTyping(p, this);
        if (!isOnline(p.hub, user.id)) await announcePresence(p, user.id, false);
      }),
    );
  }
}

/** Visits every member once per HEARTBEAT_MS, a slot per tick. */
type HeartbeatWheel = { add(s: ChatSocket): void; remove(s: ChatSocket): void };

const WHEEL_SLOTS = 25;

/**
 * One timer for every socket's heartbeat instead of one interval each: sockets sit in
 * WHEEL_SLOTS slots and each tick visits one slot, so the pings (and session checks)
 * are spread over the period. The timer runs only while some socket is open.
 */
function createHeartbeatWheel(): HeartbeatWheel {
  const slots = Array.from({ length: WHEEL_SLOTS }, () => new Set<ChatSocket>());
  let cursor = 0;
  let members = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  const tick = () => {
    const slot = slots[cursor];
    cursor = (cursor + 1) % WHEEL_SLOTS;
    for (const s of slot) {
      try {
        s.beat();
      } catch (err) {
        logError(err);
      }
    }
  };
  return {
    add(s) {
      // The slot just visited: its first beat comes a whole period later.
      s.slot = (cursor + WHEEL_SLOTS - 1) % WHEEL_SLOTS;
      slots[s.slot].add(s);
      if (members++ === 0) {
        timer = setInterval(tick, HEARTBEAT_MS / WHEEL_SLOTS);
        timer.unref?.();
      }
    },
    remove(s) {
      if (s.slot < 0 || !slots[s.slot].delete(s)) return;
      s.slot = -1;
      if (--members === 0) clearInterval(timer);
    },
  };
}

function logError(err: unknown) {
  console.error('[ws]', err);
}
