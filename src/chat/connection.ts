/**
 * One chat socket's lifecycle, whichever host holds the socket: the `ready`
 * frame and who is online, the user's presence on the first and last socket,
 * the frame queue and its pressure caps, typing cleared at close, and the
 * session's liveness. A host subclasses ChatConnectionCore with its transport
 * only: `ws`, cork and protocol pings on Node (src/chat/socket.ts), hibernating
 * sockets in the Gateways and RPC to the Bank on Workers
 * (src/hosts/worker/sockets.ts).
 *
 * This is the first step of docs/scaling.md's plan: with the lifecycle written
 * once, host-neutral, chat state can later move out of the Bank (sessions
 * checked in their own objects, conversations in theirs) without writing it a
 * third time.
 */
import type { User } from '../db/schema';
import type { Platform } from '../platform';
import type { ClientFrame, ServerFrame } from '../realtime/protocol';
import { SOCKET_CLOSE_SESSION_ENDED } from '../realtime/protocol';
import { isOnline } from '../realtime/hub';
import { liveSessionExpiry } from '../auth/session';
import { toUserSummary } from '../users/shape';
import { parseClientFrame } from './frames';
import {
  answerFailedFrame,
  clearTyping,
  handleClientFrame,
  type ChatConnection,
} from './frame-handler';
import { announcePresence } from './service';

/**
 * Writes (sends, reads) of one socket waiting for their turn. Past it, or past
 * MAX_PENDING_WRITES over every socket of the host, a write is answered
 * `rate_limited` at once instead of queued: a saturated server refuses (cheap:
 * no write, no fan-out) rather than fall seconds behind. Pings and typing cost
 * no write: they only count toward MAX_PENDING_FRAMES_PER_SOCKET, which bounds
 * a socket's queue in memory.
 */
export const MAX_PENDING_WRITES_PER_SOCKET = 32;
export const MAX_PENDING_WRITES = 1024;
export const MAX_PENDING_FRAMES_PER_SOCKET = 4096;

/** What the sockets of one host share: the pending-write count across them. */
export type ConnectionPool = { pendingWrites: number };
export const createConnectionPool = (): ConnectionPool => ({ pendingWrites: 0 });

/** What `ready` and the first presence frames need, read before the socket opens or as it does. */
export type OpeningState = { conversationIds: number[]; peerIds: number[] };

/** Frames whose work is one group-commit write (settled in the order they were queued). */
const WRITES = new Set<ClientFrame['type']>(['message.send', 'read']);

const BUSY = 'Trop de messages en attente. Patientez quelques secondes.';

export abstract class ChatConnectionCore implements ChatConnection {
  readonly typingIn = new Map<number, number>();
  private pending: ClientFrame[] = [];
  private pendingWrites = 0;
  private ended = false;
  /** Settles when the frames pending now are handled (what close and a Worker's reply wait for). */
  private drained: Promise<void> = Promise.resolve();
  /** Settles when every ack of the writes handled so far went out (after their sync). */
  private acked: Promise<unknown> = Promise.resolve();

  constructor(
    protected readonly p: Platform,
    private readonly pool: ConnectionPool,
    readonly id: string,
    readonly user: User,
    readonly sessionId: string,
  ) {}

  /** Sends one serialised frame over the transport (which applies its own slow-reader rule). */
  abstract sendJson(json: string): void;
  /** Closes the socket with a close code the client acts on. */
  protected abstract closeSocket(code: number, reason: string): void;
  /** Whether the transport still carries frames (a frame queued past its close is not acted on). */
  protected get transportOpen() {
    return true;
  }

  send(frame: ServerFrame) {
    this.sendJson(JSON.stringify(frame));
  }

  /**
   * The socket opened: `join` makes it count toward its user's presence (the
   * host's hub or presence count); then `ready`, who among its peers is online,
   * and, on the user's first socket, the others learn the user is online.
   */
  protected start({ conversationIds, peerIds }: OpeningState, join: () => void): Promise<void> {
    const { p, user } = this;
    const wasOnline = isOnline(p.hub, user.id);
    join();
    this.send({ type: 'ready', user: toUserSummary(user), conversationIds });
    for (const id of peerIds)
      if (isOnline(p.hub, id)) this.send({ type: 'presence', userId: id, online: true });
    return wasOnline ? Promise.resolve() : announcePresence(p, user.id, true);
  }

  /**
   * One inbound frame: parsed, refused at once past the caps, else queued.
   * Resolves once it is answered (with every frame queued before it).
   */
  receive(data: unknown): Promise<void> {
    const parsed = parseClientFrame(data);
    if (!parsed.ok) {
      const { code, message, clientId } = parsed;
      this.send({ type: 'error', code, message, ...(clientId ? { clientId } : {}) });
      return Promise.resolve();
    }
    const frame = parsed.frame;
    const write = WRITES.has(frame.type);
    if (
      write
        ? this.pendingWrites >= MAX_PENDING_WRITES_PER_SOCKET ||
          this.pool.pendingWrites >= MAX_PENDING_WRITES
        : this.pending.length >= MAX_PENDING_FRAMES_PER_SOCKET
    ) {
      const clientId = frame.type === 'message.send' ? { clientId: frame.clientId } : {};
      this.send({ type: 'error', code: 'rate_limited', message: BUSY, ...clientId });
      return Promise.resolve();
    }
    this.pending.push(frame);
    if (write) this.countWrites(1);
    if (this.pending.length === 1) this.drained = this.drain();
    return this.drained;
  }

  /**
   * Handles the pending frames in arrival order. A run of sends and reads starts at
   * once: their writes join one group commit, which settles them in arrival order, so
   * their answers still go out in order; anything else (ping, typing) waits for the
   * frames before it and runs alone. (One frame per loop turn and socket capped a busy
   * socket at ~1/turn.) Once a run committed, the next one starts while its acks wait
   * for their sync, so a socket's messages share syncs instead of taking one each; the
   * writes stay counted until their acks went out, so the caps refuse only when syncs
   * fall behind. A frame still queued once the socket closed is not acted on.
   */
  private async drain() {
    while (this.pending.length) {
      let n = 1;
      if (WRITES.has(this.pending[0].type))
        while (n < this.pending.length && WRITES.has(this.pending[n].type)) n++;
      const handled = await Promise.all(this.pending.slice(0, n).map((f) => this.handle(f)));
      const run = this.pending.splice(0, n);
      if (WRITES.has(run[0].type)) {
        const acks = Promise.all(handled.map((h) => h?.ack)).then(() => this.countWrites(-n));
        this.acked = Promise.all([this.acked, acks]);
      }
    }
    await this.acked;
  }

  private countWrites(n: number) {
    this.pendingWrites += n;
    this.pool.pendingWrites += n;
  }

  private async handle(frame: ClientFrame) {
    try {
      if (!this.ended && this.transportOpen) return await handleClientFrame(this.p, this, frame);
    } catch (err) {
      answerFailedFrame(this, frame, err);
    }
  }

  /** Closes the socket once its session ended or expired (a host calls it on its heartbeat). */
  async checkSession() {
    try {
      if ((await liveSessionExpiry(this.p, this.sessionId)) === null)
        this.closeSocket(SOCKET_CLOSE_SESSION_ENDED, 'session_ended');
    } catch (err) {
      console.error('[ws] session check', err);
    }
  }

  /**
   * The socket closed and the host no longer counts it toward presence: once the
   * frames it sent are handled, whoever saw it typing is told it stopped, and the
   * others learn the user is offline when this was the last socket.
   */
  async finish() {
    this.ended = true;
    await this.drained;
    await clearTyping(this.p, this);
    if (!isOnline(this.p.hub, this.user.id)) await announcePresence(this.p, this.user.id, false);
  }
}
