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
  return rows.map(({ client, advisor }) => toClientItem(p, client, advisor));
}

/** One client as the staff list shows it (also the answer of PATCH /api/clients/:id). */
export async function findClientItem(p: Platform, clientId: number) {
  const row = await p.db
    .select({ client: users, advisor })
    .from(users)
    .leftJoin(advisor, eq(users.advisorId, advisor.id))
    .where(and(eq(users.id, clientId), eq(users.role, 'client')))
    .get();
  return row ? toClientItem(p, row.client, row.advisor) : null;
}

function toClientItem(p: Platform, client: User, adv: User | null) {
  return {
    id: client.id,
    firstName: client.firstName,
    lastName: client.lastName,
    email: client.email,
    /** Addition to API.md: whether the client confirmed their e-mail address. */
    emailVerified: client.emailVerifiedAt !== null,
    advisor: adv ? toUserSummary(adv) : null,
    online: isOnline(p.hub, client.id),
  };
}
