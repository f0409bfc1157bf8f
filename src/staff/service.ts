import { alias } from 'drizzle-orm/sqlite-core';
import { and, asc, eq } from 'drizzle-orm';
import type { Platform } from '../platform';
import { users, type User } from '../db/schema';
import { toUserSummary } from '../users/shape';
import { isOnline } from '../realtime/hub';

const advisor = alias(users, 'advisor');

/** An advisor's own clients; the director's: every client. */
export async function listClientsFor(p: Platform, staff: User) {
  const where =
    staff.role === 'director'
      ? eq(users.role, 'client')
      : and(eq(users.role, 'client'), eq(users.advisorId, staff.id));
  const rows = await p.db
    .select({ client: users, advisor })
    .from(users)
    .leftJoin(advisor, eq(users.advisorId, advisor.id))
    .where(where)
    .orderBy(asc(users.lastName), asc(users.firstName), asc(users.id))
    .all();
  return rows.map(({ client, advisor }) => ({
    id: client.id,
    firstName: client.firstName,
    lastName: client.lastName,
    email: client.email,
    advisor: advisor ? toUserSummary(advisor) : null,
    online: isOnline(p.hub, client.id),
  }));
}
