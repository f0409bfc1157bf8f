import { Hono, type Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { eq } from 'drizzle-orm';
import type { AppEnv } from '../http/env';
import type { EventSink, Platform, StreamRequest } from '../platform';
import { sessions } from '../db/schema';
import { requireUser } from '../http/middleware';
import { invalidateSession } from '../auth/session';
import { latestIssuedId, planResume, readEventsAfter, streamTopics } from '../feed/event-log';
import { topics, type HubEvent } from './hub';
import { CONNECTION_RETRY_MS, connectionCapReached, tooMany } from '../http/limits';

export const SSE_RETRY_MS = 3000;
const REPLAY_PAGE = 200;
/** Writes pending or events held back before a stream is dropped: that reader resumes by reconnecting. */
const MAX_BACKLOG = 2000;

/** `Last-Event-ID` as an events-sequence id; anything malformed counts as absent. */
export function parseLastEventId(header: string | undefined): number | null {
  const v = header?.trim();
  if (!v || !/^\d{1,15}$/.test(v)) return null;
  return Number(v);
}

const encoder = new TextEncoder();
/** The hub hands every stream the same event object: frame and encode it once for all of them. */
const framed = new WeakMap<HubEvent, Uint8Array>();

function formatEvent(e: HubEvent): Uint8Array {
  let bytes = framed.get(e);
  if (!bytes) {
    const data = e.json
      .split(/\r\n|\r|\n/)
      .map((line) => `data: ${line}`)
      .join('\n');
    bytes = encoder.encode(`id: ${e.id}\nevent: ${e.type}\n${data}\n\n`);
    framed.set(e, bytes);
  }
  return bytes;
}

/**
 * Hono's portable streamSSE as an EventSink: each write is a promise; the sink
 * is "full" while any is pending, and a reader that leaves too many pending is
 * dropped (it resumes by reconnecting).
 */
function portableSink(stream: SSEStreamingApi): EventSink {
  let pending = 0;
  let last: Promise<unknown> = Promise.resolve();
  return {
    write(chunk) {
      if (stream.aborted || stream.closed) return true;
      if (++pending > MAX_BACKLOG) {
        stream.abort();
        return true;
      }
      last = stream.write(chunk).then(
        () => pending--,
        () => pending--,
      );
      return false;
    },
    drained: () => last.then(() => {}),
    onAbort: (listener) => stream.onAbort(listener),
  };
}

/**
 * One user's event stream. It subscribes to the hub before reading the events
 * table, holds live events back while it replays what followed `lastId` (page by
 * page, waiting for the transport to drain), then sends what it held and goes
 * live, skipping what the replay already sent: no gap, no duplicate, in id order.
 * It ends when the client leaves, the session logs out or the session expires.
 */
async function serveStream(
  host: StreamHost,
  log: StreamLog,
  stream: EventSink,
  req: StreamRequest,
) {
  const { hub } = host;
  const { userId, sessionId, lastId } = req;
  let lastSent = lastId ?? 0;
  let held: HubEvent[] | null = lastId === null ? null : [];
  let done = false;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const end = () => {
    if (done) return;
    done = true;
    finish();
  };

  /** Writes a chunk; resolves once the transport can take more (what a replay awaits). */
  const write = async (chunk: string | Uint8Array) => {
    if (!done && !stream.write(chunk)) await stream.drained();
  };
  // Only stored events (with an id) go out: those are the ones a reconnect can replay.
  const deliver = async (e: HubEvent) => {
    if (e.id === undefined || e.id <= lastSent) return;
    lastSent = e.id;
    await write(formatEvent(e));
  };
  const deliverAll = async (list: HubEvent[]) => {
    for (const e of list) {
      if (done) return;
      await deliver(e);
    }
  };

  const sessionTopic = topics.session(sessionId);
  const unsubscribe = hub.subscribe([...streamTopics(userId), sessionTopic], (event, topic) => {
    if (topic === sessionTopic) {
      if (event.type === 'session.ended') end();
    } else if (held) {
      held.push(event);
      if (held.length > MAX_BACKLOG) end();
    } else if (!done && event.id !== undefined && event.id > lastSent) {
      // Live: written at once, in publish order; the transport cuts a reader that falls too far behind.
      lastSent = event.id;
      stream.write(formatEvent(event));
    }
  });
  stream.onAbort(end);

  let expiresAt = req.expiresAt;
  const tick = async () => {
    try {
      if (host.clock.now().getTime() >= expiresAt) {
        // Other requests may have slid the session; only the stored expiry counts.
        const stored = await log.liveSessionExpiry(sessionId);
        if (stored === null) return end();
        expiresAt = stored;
      }
      if (!done) stream.write(': ping\n\n');
    } catch (err) {
      console.error('[sse] heartbeat', err);
      end();
    }
  };
  const heartbeat = setInterval(() => void tick(), host.config.sseHeartbeatMs);

  try {
    await write(`retry: ${SSE_RETRY_MS}\n\n`);
    if (lastId === null) {
      // A bare id gives a fresh stream a resume point: if it drops before its first
      // event, the browser's reconnect still replays what was published meanwhile.
      const issued = await log.latestIssuedId();
      await write(`id: ${Math.max(issued, lastSent)}\n\n`);
    } else {
      const plan = await log.planResume(lastId);
      if (!plan.replay) {
        lastSent = -1; // the client's id may be from another database, above ours (or ours may be 0)
        await deliver({ type: 'reset', id: plan.resetId, json: '{}' });
      } else {
        for (let after = lastId; !done;) {
          const page = await log.readEventsAfter(userId, after, REPLAY_PAGE);
          await deliverAll(page);
          if (page.length < REPLAY_PAGE) break;
          after = page[page.length - 1].id!;
        }
      }
      // What arrived meanwhile, oldest first (more may arrive while it is written).
      while (held!.length && !done) {
        const batch = held!.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
        held = [];
        await deliverAll(batch);
      }
      held = null;
    }
    await finished;
  } finally {
    unsubscribe();
    clearInterval(heartbeat);
  }
}

/** What a stream reads besides live events: the events sequence and the session's stored expiry. */
export type StreamLog = {
  latestIssuedId(): Promise<number>;
  planResume(lastId: number): ReturnType<typeof planResume>;
  readEventsAfter(userId: number, afterId: number, limit: number): Promise<HubEvent[]>;
  /** The session's stored expiry (ms) while it holds; once it expired, ends it and gives null. */
  liveSessionExpiry(sessionId: string): Promise<number | null>;
};

/**
 * Where streams run: the live events (hub), the clock, the heartbeat period and
 * an optional own transport. On Node and in the Bank that is the platform; a
 * Worker Gateway has a hub of its own and reads the Bank's log.
 */
export type StreamHost = Pick<Platform, 'hub' | 'clock' | 'config' | 'openEventStream'>;

/** The log read straight from this platform's database. */
export function createStreamLog(p: Platform): StreamLog {
  return {
    latestIssuedId: () => latestIssuedId(p),
    planResume: (lastId) => planResume(p, lastId),
    readEventsAfter: (userId, afterId, limit) => readEventsAfter(p, userId, afterId, limit),
    async liveSessionExpiry(sessionId) {
      const row = await p.db
        .select({ expiresAt: sessions.expiresAt })
        .from(sessions)
        .where(eq(sessions.id, sessionId))
        .get();
      if (row && row.expiresAt.getTime() > p.clock.now().getTime()) return row.expiresAt.getTime();
      if (row) await invalidateSession(p, sessionId);
      return null;
    },
  };
}

/**
 * Opens one event stream on `host`: at most MAX_CONNECTIONS_PER_USER per user
 * (one more gets 429), then serveStream over the host's own transport or
 * Hono's portable streamSSE.
 */
export function openStream(
  c: Context,
  host: StreamHost,
  log: StreamLog,
  req: StreamRequest,
): Response {
  // The check and serveStream's subscribe run in one synchronous step: concurrent opens cannot both pass.
  if (connectionCapReached(host, host.hub.listenerCount(topics.user(req.userId))))
    return tooMany(c, CONNECTION_RETRY_MS, 'Trop de flux d’événements ouverts pour ce compte.');
  c.header('Cache-Control', 'no-cache');
  c.header('X-Accel-Buffering', 'no');
  const own = host.openEventStream?.(c);
  if (own) {
    serveStream(host, log, own, req)
      .catch((err) => console.error('[sse]', err))
      .finally(() => own.close?.());
    return own.response!;
  }
  // Without an onError, a failure is logged and the stream just closes (no message leaks out).
  return streamSSE(c, (stream) => serveStream(host, log, portableSink(stream), req));
}

/**
 * GET /api/events: the signed-in user's Server-Sent Events (news, notification,
 * notification.read, reset). Resumes after the `Last-Event-ID` header only.
 * The heartbeat period is SSE_HEARTBEAT_MS (25 s by default). A host whose
 * streams live elsewhere (the Worker's Gateways) relays the request there.
 */
export const eventRoutes = new Hono<AppEnv>().get('/', requireUser, (c) => {
  const p = c.var.platform;
  const { user, session } = c.var;
  const req: StreamRequest = {
    userId: user.id,
    sessionId: session.id,
    expiresAt: session.expiresAt.getTime(),
    lastId: parseLastEventId(c.req.header('last-event-id')),
  };
  if (p.relayEventStream) return p.relayEventStream(c, req);
  return openStream(c, p, createStreamLog(p), req);
});
