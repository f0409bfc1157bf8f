import { and, asc, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Platform } from '../platform';
import { events } from '../db/schema';
import type { HubEvent } from '../realtime/hub';
import { topics } from '../realtime/hub';

/** The topics of the events sequence one user's SSE stream may see. */
export const streamTopics = (userId: number) => [topics.all, topics.user(userId)];

/**
 * Where a stream resuming after `lastId` starts: replay what follows, or — when
 * some of what followed was pruned, or the id was never issued here (another
 * database) — a reset at the newest issued id, from which it goes live.
 */
export async function planResume(
  p: Platform,
  lastId: number,
): Promise<{ replay: true } | { replay: false; resetId: number }> {
  // sqlite_sequence holds the highest id ever issued (AUTOINCREMENT), even once pruned.
  const row = await p.db.get<{ minId: number | null; seq: number | null }>(
    sql`select (select min(id) from events) as minId, (select seq from sqlite_sequence where name = 'events') as seq`,
  );
  const issued = row?.seq ?? 0;
  const oldestKept = row?.minId ?? issued + 1;
  if (lastId > issued || lastId + 1 < oldestKept) return { replay: false, resetId: issued };
  return { replay: true };
}

/** The highest events id ever issued (0 on an empty database). */
export async function latestIssuedId(p: Platform): Promise<number> {
  const row = await p.db.get<{ seq: number | null }>(
    sql`select seq from sqlite_sequence where name = 'events'`,
  );
  return row?.seq ?? 0;
}

/** One page of the events a user may see after `afterId`, in id order, ready to send. */
export async function readEventsAfter(
  p: Platform,
  userId: number,
  afterId: number,
  limit: number,
): Promise<HubEvent[]> {
  const rows = await p.db
    .select({ id: events.id, type: events.type, json: events.data })
    .from(events)
    .where(and(gt(events.id, afterId), inArray(events.topic, streamTopics(userId))))
    .orderBy(asc(events.id))
    .limit(limit)
    .all();
  return rows;
}

/** Deletes events older than the retention (EVENT_RETENTION_DAYS); returns how many went. */
export async function pruneOldEvents(p: Platform): Promise<number> {
  const cutoff = new Date(p.clock.now().getTime() - p.config.eventRetentionMs);
  const result = await p.db.delete(events).where(lt(events.createdAt, cutoff)).run();
  return (result as { changes?: number } | undefined)?.changes ?? 0; // undefined on a Durable Object
}
