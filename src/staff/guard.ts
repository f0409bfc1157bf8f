import type { Context } from 'hono';
import { and, eq } from 'drizzle-orm';
import type { AppEnv } from '../http/env';
import { users, type User } from '../db/schema';

/** A positive id in a path segment, or 0 (which names nobody). */
export const idOf = (raw: string | undefined) =>
  /^[1-9]\d{0,14}$/.test(raw ?? '') ? Number(raw) : 0;

/**
 * The client named by `:id` when the caller may see their file: their advisor or
 * the director. Anyone else — another advisor, a client, an unknown id — gets
 * null, which every staff route answers with 404 (no hint that the client exists).
 */
export function visibleClient<E extends AppEnv>(c: Context<E>): User | null {
  const staff = c.var.user;
  if (!staff || (staff.role !== 'advisor' && staff.role !== 'director')) return null;
  const client = c.var.platform.db
    .select()
    .from(users)
    .where(and(eq(users.id, idOf(c.req.param('id'))), eq(users.role, 'client')))
    .get();
  if (!client) return null;
  return staff.role === 'director' || client.advisorId === staff.id ? client : null;
}
