import type { Context } from 'hono';
import type { AppConfig } from './config';
import type { Db } from './db/client';
import type { Hub } from './realtime/hub';
import type { Mailer } from './mail/mailer';
import type { PasswordHasher } from './auth/password';
import type { HashGate } from './auth/hash-gate';
import type { RateLimiter } from './http/rate-limiter';
import type { PushSender } from './push/sender';

/**
 * Where an SSE stream's bytes go: the Node host's own socket writer, or Hono's
 * streamSSE behind an adapter (src/feed/event-stream.ts).
 */
export type EventSink = {
  /**
   * Queues a chunk. False when the transport's buffer is full: write more only
   * after `drained()`, or a long burst trips the slow-reader cut-off.
   */
  write(chunk: string | Uint8Array): boolean;
  /** Resolves once the buffer has room again (at once when it has; also when the stream ends). */
  drained(): Promise<void>;
  onAbort(listener: () => void): void;
  /** Ends the response once the stream is over (Hono's streamSSE does it itself). */
  close?(): void;
  /** The response the handler returns once it has taken over the socket. */
  response?: Response;
};

/** One event stream to open: whose, for which session, resuming after which id (src/feed/event-stream.ts). */
export type StreamRequest = {
  userId: number;
  sessionId: string;
  /** The session's expiry (ms) when the stream opened; the heartbeat checks the stored one past it. */
  expiresAt: number;
  /** `Last-Event-ID`, or null for a fresh stream. */
  lastId: number | null;
};

export type Clock = {
  now(): Date;
  /** Outside production: moves the app's clock forward for good (src/clock/stored-clock.ts). */
  advance?(ms: number): void;
};

/**
 * Everything a handler or service may reach outside itself. Each host builds
 * one and puts it on `c.var.platform`; nothing imports these as singletons.
 */
export type Platform = {
  config: AppConfig;
  db: Db;
  hub: Hub;
  mailer: Mailer;
  hasher: PasswordHasher;
  /** Bounds concurrent password hashing per client address and in all (src/auth/hash-gate.ts). */
  hashGate: HashGate;
  clock: Clock;
  limiter: RateLimiter;
  /** Web Push delivery (web-push on Node); without one, notifications are not pushed. */
  push?: PushSender;
  /**
   * A host's own event-stream transport (the Node host writes straight to the
   * socket, skipping web streams); without it, Hono's portable streamSSE is used.
   */
  openEventStream?: (c: Context) => EventSink | null;
  /**
   * A host whose event streams live elsewhere (the Worker's Gateway DOs) hands
   * the authenticated request over; src/feed/event-stream.ts's openStream runs there.
   */
  relayEventStream?: (c: Context, req: StreamRequest) => Promise<Response>;
  /** Work that must outlive the response (push sends); Workers map it to waitUntil. */
  defer(task: Promise<unknown>): void;
  /**
   * The caller's IP address: the socket's peer, or with TRUST_PROXY=true the
   * first X-Forwarded-For entry (for per-address limits and loopback-only routes).
   */
  clientAddress(c: Context): string;
  /**
   * Runs `task` every `everyMs` in the background, never two runs of one task at
   * once (Node: a timer; Workers: alarms or cron). Returns the function that stops it.
   */
  schedule(name: string, everyMs: number, task: () => Promise<unknown>): () => void;
  /**
   * Resolves once everything committed before the call is on disk; rejects (a
   * storage-unavailable error: 503 / `unavailable`) when the sync failed. The
   * durability rule: an answer that reports a write (an HTTP answer to a mutating
   * request, a `message.ack`, …) is sent only after `await durable()`; live events
   * to other users may go out at commit time (readers of the database already see
   * the commit). Node: one fdatasync of the WAL covers every commit before it
   * (group commit, src/hosts/node/wal-sync.ts); Workers: resolves at once, as DO
   * storage already holds output until its writes are durable (output gates).
   */
  durable(): Promise<void>;
};

export const systemClock: Clock = { now: () => new Date() };
