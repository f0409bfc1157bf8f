import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { events } from '../db/schema';
import { preparedPer } from '../db/prepared';

const insertEvent = preparedPer((db) =>
  db
    .insert(events)
    .values({
      topic: sql.placeholder('topic'),
      type: sql.placeholder('type'),
      data: sql.placeholder('data'),
      createdAt: sql.placeholder('createdAt'),
    })
    .returning({ id: events.id })
    .prepare(),
);

/**
 * Appends one fact to the events sequence, inside the caller's transaction, and
 * returns what to publish once that transaction has committed (write, then publish).
 */
export function appendEventTx(tx: Executor, topic: string, type: string, data: unknown, now: Date) {
  const json = JSON.stringify(data);
  const { id } = insertEvent(tx).get({ topic, type, data: json, createdAt: now })!;
  return { topic, event: { type, id, json } };
}
