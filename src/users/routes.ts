import { Hono } from 'hono';
import { and, isNotNull, ne } from 'drizzle-orm';
import type { AppEnv } from '../http/env';
import { requireUser } from '../http/middleware';
import { users } from '../db/schema';

/**
 * GET /api/titles (addition to API.md): the grammatical gender of each staff member
 * who gave one, so the client words their title (« Conseillère », « Directrice »)
 * while every user summary keeps the contract's exact four fields.
 */
export const titleRoutes = new Hono<AppEnv>().use(requireUser).get('/', (c) => {
  const items = c.var.platform.db
    .select({ id: users.id, gender: users.gender })
    .from(users)
    .where(and(ne(users.role, 'client'), isNotNull(users.gender)))
    .all();
  return c.json({ items });
});
