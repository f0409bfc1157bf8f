import type { Role, User } from '../db/schema';

/**
 * The public summary of a person: never more than this leaves the server about others.
 * Exactly API.md's four fields; staff titles' gender comes from GET /api/titles.
 */
export type UserSummary = {
  id: number;
  firstName: string;
  lastName: string;
  role: Role;
};

export function toUserSummary(
  u: Pick<User, 'id' | 'firstName' | 'lastName' | 'role'>,
): UserSummary {
  return { id: u.id, firstName: u.firstName, lastName: u.lastName, role: u.role };
}
