import type { Context } from 'hono';
import type { AppConfig } from './config';
import type { Db } from './db/client';
import type { Hub } from './realtime/hub';
import type { Mailer } from './mail/mailer';
import type { PasswordHasher } from './auth/password';
import type { RateLimiter } from './http/rate-limiter';
import type { PushSender } from './push/sender';

/** Where an SSE stream's bytes go: Hono's SSEStreamingApi satisfies it, and so does a host's own. */
export type EventSink = {
  write(chunk: string | Uint8Array): unknown;
  onAbort(listener: () => void): void;
  /** Ends the response once the stream is over (Hono's streamSSE does it itself). */
  close?(): void;
  /** The response the handler returns once it has taken over the socket. */
  response?: Response;
};

export type Clock = { now(): Date };

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
  clock: Clock;
  limiter: RateLimiter;
  /** Web Push delivery (web-push on Node); without one, notifications are not pushed. */
  push?: PushSender;
  /**
   * A host's own event-stream transport (the Node host writes straight to the
   * socket, skipping web streams); without it, Hono's portable streamSSE is used.
   */
  openEventStream?: (c: Context) => EventSink | null;
  /** Work that must outlive the response (push sends); Workers map it to waitUntil. */
  defer(task: Promise<unknown>): void;
  /**
   * Runs `task` every `everyMs` for as long as the host runs: setInterval on
   * Node, a Durable Object alarm on Workers. A failure is logged, not retried early.
   */
  schedule(everyMs: number, task: () => Promise<unknown>): void;
};

export const systemClock: Clock = { now: () => new Date() };
