import type { Executor } from '../db/client';
import { events } from '../db/schema';

/**
 * Appends one fact to the events sequence, inside the caller's transaction, and
 * returns what to publish once that transaction has committed (write, then publish).
 */
export function appendEventTx(tx: Executor, topic: string, type: string, data: unknown, now: Date) {
  const json = JSON.stringify(data);
  const { id } = tx.insert(events).values({ topic, type, data: json, createdAt: now }).returning({ id: events.id }).get();
  return { topic, event: { type, id, json } };
}
