/**
 * Every per-user limit of the README's « Limites » table, in one place. Each
 * counts hits in a sliding window (src/http/rate-limiter.ts); beyond it, REST
 * answers 429 `rate_limited` with Retry-After and a socket gets an `error` frame
 * with code `rate_limited`. RATE_LIMIT_FACTOR multiplies every count (load tests).
 */
import type { Context } from 'hono';
import type { Platform } from '../platform';
import { fail } from './errors';

const MINUTE = 60_000;

export const LIMITS = {
  /** Chat messages sent, per user (WebSocket and REST together); a retry of a stored clientId is free. */
  chatSends: { count: 30, windowMs: 10_000 },
  /** News items posted, per author. */
  newsPosts: { count: 30, windowMs: 10 * MINUTE },
  /** Notifications sent, per sender. */
  notificationsSent: { count: 60, windowMs: 10 * MINUTE },
  /** Notifications received (each one may push), per recipient, all senders together. */
  notificationsReceived: { count: 30, windowMs: 10 * MINUTE },
  /** Notifications of kind `alert` (pushed with high urgency), per recipient. */
  alertsReceived: { count: 5, windowMs: 10 * MINUTE },
  /** Typing states relayed to the others, per user (repeats are coalesced before they count). */
  typingRelays: { count: 30, windowMs: 10_000 },
  /** `ping` frames answered, per socket. */
  pings: { count: 30, windowMs: 10_000 },
  /** « Notes internes » written, per staff member. */
  staffNotes: { count: 30, windowMs: 10 * MINUTE },
  /** Push subscriptions registered, per user (at most MAX_SUBSCRIPTIONS_PER_USER are kept). */
  pushSubscriptions: { count: 10, windowMs: 60 * MINUTE },
  /** Transfers to an AVENIR IBAN that names no account, per user; beyond, every transfer waits. */
  unknownIbanTransfers: { count: 10, windowMs: 60 * MINUTE },
  /** Scheduled transfers set up, changed or cancelled, per user. */
  scheduledTransferChanges: { count: 60, windowMs: 60 * MINUTE },
} as const;

/** Open chat WebSockets, and open SSE streams, per user (each): one more is refused. */
export const MAX_CONNECTIONS_PER_USER = 10;
/** What a refused connection is told to wait before trying again. */
export const CONNECTION_RETRY_MS = 10_000;

export type LimitName = keyof typeof LIMITS;
export type LimitCheck = { ok: true } | { ok: false; retryAfterMs: number };

/** Counts one hit of `name` for `key` (a user id, a socket id…). */
export function hitLimit(p: Platform, name: LimitName, key: string | number): LimitCheck {
  const { count, windowMs } = LIMITS[name];
  return p.limiter.hit(`${name}:${key}`, count * p.config.rateLimitFactor, windowMs);
}

/** Whether one more hit of `name` for `key` would be refused, without counting one. */
export function peekLimit(p: Platform, name: LimitName, key: string | number): LimitCheck {
  const { count, windowMs } = LIMITS[name];
  return p.limiter.peek(`${name}:${key}`, count * p.config.rateLimitFactor, windowMs);
}

/** True when one more connection would pass the per-user cap, given how many are open. */
export const connectionCapReached = (p: Pick<Platform, 'config'>, open: number) =>
  open >= MAX_CONNECTIONS_PER_USER * p.config.rateLimitFactor;

/** 429 `rate_limited` with Retry-After in whole seconds (at least 1). */
export function tooMany(c: Context, retryAfterMs: number, message?: string) {
  c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  return fail(c, 429, 'rate_limited', message);
}
