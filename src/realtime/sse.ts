import { Hono } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { eq } from 'drizzle-orm';
import type { AppEnv } from '../http/env';
import type { EventSink, Platform } from '../platform';
import { sessions, type Session, type User } from '../db/schema';
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
  p: Platform,
  stream: EventSink,
  user: User,
  session: Session,
  lastId: number | null,
) {
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

  const sessionTopic = topics.session(session.id);
  const unsubscribe = p.hub.subscribe([...streamTopics(user.id), sessionTopic], (event, topic) => {
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

  let expiresAt = session.expiresAt.getTime();
  const tick = async () => {
    try {
      if (p.clock.now().getTime() >= expiresAt) {
        // Other requests may have slid the session; only the stored expiry counts.
        const row = await p.db
          .select({ expiresAt: sessions.expiresAt })
          .from(sessions)
          .where(eq(sessions.id, session.id))
          .get();
        if (row && row.expiresAt.getTime() > p.clock.now().getTime())
          expiresAt = row.expiresAt.getTime();
        else {
          if (row) await invalidateSession(p, session.id);
          return end();
        }
      }
      if (!done) stream.write(': ping\n\n');
    } catch (err) {
      console.error('[sse] heartbeat', err);
      end();
    }
  };
  const heartbeat = setInterval(() => void tick(), p.config.sseHeartbeatMs);

  try {
    await write(`retry: ${SSE_RETRY_MS}\n\n`);
    if (lastId === null) {
      // A bare id gives a fresh stream a resume point: if it drops before its first
      // event, the browser's reconnect still replays what was published meanwhile.
      const issued = await latestIssuedId(p);
      await write(`id: ${Math.max(issued, lastSent)}\n\n`);
    } else {
      const plan = await planResume(p, lastId);
      if (!plan.replay) {
        lastSent = -1; // the client's id may be from another database, above ours (or ours may be 0)
        await deliver({ type: 'reset', id: plan.resetId, json: '{}' });
      } else {
        for (let after = lastId; !done;) {
          const page = await readEventsAfter(p, user.id, after, REPLAY_PAGE);
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

/**
 * GET /api/events: the signed-in user's Server-Sent Events (news, notification,
 * notification.read, reset). Resumes after the `Last-Event-ID` header only.
 * The heartbeat period is SSE_HEARTBEAT_MS (25 s by default). At most
 * MAX_CONNECTIONS_PER_USER streams per user: one more gets 429.
 */
export const eventRoutes = new Hono<AppEnv>().get('/', requireUser, (c) => {
  const p = c.var.platform;
  const { user, session } = c.var;
  // The check and serveStream's subscribe run in one synchronous step: concurrent opens cannot both pass.
  if (connectionCapReached(p, p.hub.listenerCount(topics.user(user.id))))
    return tooMany(c, CONNECTION_RETRY_MS, 'Trop de flux d’événements ouverts pour ce compte.');
  const lastId = parseLastEventId(c.req.header('last-event-id'));
  c.header('Cache-Control', 'no-cache');
  c.header('X-Accel-Buffering', 'no');
  const own = p.openEventStream?.(c);
  if (own) {
    serveStream(p, own, user, session, lastId)
      .catch((err) => console.error('[sse]', err))
      .finally(() => own.close?.());
    return own.response!;
  }
  // Without an onError, a failure is logged and the stream just closes (no message leaks out).
  return streamSSE(c, (stream) => serveStream(p, portableSink(stream), user, session, lastId));
});
