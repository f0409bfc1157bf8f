import { alias } from 'drizzle-orm/sqlite-core';
import { and, eq, sql } from 'drizzle-orm';
import type { Platform } from '../platform';
import { users, type User } from '../db/schema';
import { toUserSummary } from '../users/shape';
import { isOnline } from '../realtime/hub';
import { normalizeSearch } from '../ledger/text';

const advisor = alias(users, 'advisor');

/** What the staff list may be asked (addition to API.md: all optional, the old call is unchanged). */
export type ClientListQuery = {
  q?: string;
  sort?: 'name' | 'balance' | 'lastContact';
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
};

// Per client: the sum of their open cash accounts, the last message of their
// conversation (either side), and their IBANs (for the search).
const balance = sql<number>`coalesce((select sum(b.balance) from bank_accounts b
  where b.user_id = ${users.id} and b.type in ('checking', 'savings') and b.closed_at is null), 0)`;
const lastContact = sql<number | null>`(select max(m.created_at) from messages m
  join conversations c on c.id = m.conversation_id where c.client_id = ${users.id})`;
const ibans = sql<string | null>`(select group_concat(b.iban, ' ') from bank_accounts b
  where b.user_id = ${users.id} and b.iban is not null)`;

function selectClients(p: Platform) {
  return p.db
    .select({ client: users, advisor, balance, lastContact, ibans })
    .from(users)
    .leftJoin(advisor, eq(users.advisorId, advisor.id));
}
type Row = Awaited<ReturnType<ReturnType<typeof selectClients>['all']>>[number];

function matches(row: Row, q: string) {
  const text = normalizeSearch(q.trim());
  const compact = q.replace(/\s+/g, '').toUpperCase();
  if (!text) return true;
  const c = row.client;
  const names = normalizeSearch(`${c.firstName} ${c.lastName} ${c.firstName} ${c.email}`);
  return names.includes(text) || (compact.length >= 4 && !!row.ibans?.includes(compact));
}

const byName = (a: Row, b: Row) =>
  a.client.lastName.localeCompare(b.client.lastName, 'fr') ||
  a.client.firstName.localeCompare(b.client.firstName, 'fr') ||
  a.client.id - b.client.id;
const SORTS = {
  name: byName,
  balance: (a: Row, b: Row) => a.balance - b.balance || byName(a, b),
  lastContact: (a: Row, b: Row) => (a.lastContact ?? 0) - (b.lastContact ?? 0) || byName(a, b),
};

/**
 * An advisor's own clients; the director's: every client. Filtered by `q` (name or
 * e-mail, accents and case ignored; or part of an IBAN), sorted, then a page of
 * `limit` from `offset` (without `limit`: all of them, as before). `total` counts the matches.
 */
export async function listClientsFor(p: Platform, staff: User, query: ClientListQuery = {}) {
  const where =
    staff.role === 'director'
      ? eq(users.role, 'client')
      : and(eq(users.role, 'client'), eq(users.advisorId, staff.id));
  const rows = (await selectClients(p).where(where).all()).filter(
    (r) => !query.q || matches(r, query.q),
  );
  const sort = SORTS[query.sort ?? 'name'];
  rows.sort(query.order === 'desc' ? (a, b) => sort(b, a) : sort);
  const start = query.offset ?? 0;
  const page =
    query.limit === undefined ? rows.slice(start) : rows.slice(start, start + query.limit);
  // Without any of the new parameters, the answer keeps the contract's old shape exactly.
  if (!Object.values(query).some((v) => v !== undefined))
    return { items: page.map((r) => toClientItem(p, r)) };
  return { items: page.map((r) => withFigures(p, r)), total: rows.length };
}

/** One client as the staff list shows it (also the answer of PATCH /api/clients/:id). */
export async function findClientItem(p: Platform, clientId: number) {
  const row = await selectClients(p)
    .where(and(eq(users.id, clientId), eq(users.role, 'client')))
    .get();
  return row ? toClientItem(p, row) : null;
}

function toClientItem(p: Platform, row: Row) {
  const { client, advisor: adv } = row;
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

/** Additions to API.md: open cash accounts' sum, the conversation's last message. */
function withFigures(p: Platform, row: Row) {
  return {
    ...toClientItem(p, row),
    balanceCents: row.balance,
    lastContactAt: row.lastContact === null ? null : new Date(row.lastContact).toISOString(),
  };
}

/** One client with their figures (the client file). */
export async function findClientWithFigures(p: Platform, clientId: number) {
  const row = await selectClients(p)
    .where(and(eq(users.id, clientId), eq(users.role, 'client')))
    .get();
  return row ? withFigures(p, row) : null;
}
