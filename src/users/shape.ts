import type { Gender, Role, User } from '../db/schema';

/**
 * The public summary of a person: never more than this leaves the server about others.
 * `gender` (addition to API.md) words their title: « Conseillère », « Directrice »; null when not given.
 */
export type UserSummary = {
  id: number;
  firstName: string;
  lastName: string;
  role: Role;
  gender: Gender | null;
};

export function toUserSummary(
  u: Pick<User, 'id' | 'firstName' | 'lastName' | 'role'> & { gender?: Gender | null },
): UserSummary {
  return {
    id: u.id,
    firstName: u.firstName,
    lastName: u.lastName,
    role: u.role,
    gender: u.gender ?? null,
  };
}
