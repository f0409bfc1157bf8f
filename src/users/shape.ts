import type { Gender, Role, User } from '../db/schema';

/**
 * The public summary of a person: never more than this leaves the server about others.
 * `gender` (addition to API.md, present only when the person gave one, as staff do)
 * words their title: « Conseillère », « Directrice ».
 */
export type UserSummary = {
  id: number;
  firstName: string;
  lastName: string;
  role: Role;
  gender?: Gender;
};

export function toUserSummary(
  u: Pick<User, 'id' | 'firstName' | 'lastName' | 'role'> & { gender?: Gender | null },
): UserSummary {
  const summary: UserSummary = {
    id: u.id,
    firstName: u.firstName,
    lastName: u.lastName,
    role: u.role,
  };
  if (u.gender) summary.gender = u.gender;
  return summary;
}
