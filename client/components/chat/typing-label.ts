import type { UserSummary } from '../../types';

/** "Léa Martin est en train d'écrire…", "Léa et Marc sont en train d'écrire…". */
export function typingSentence(people: UserSummary[]) {
  if (people.length === 1)
    return `${people[0]!.firstName} ${people[0]!.lastName} est en train d'écrire…`;
  const names = people.map((p) => p.firstName);
  if (names.length <= 3)
    return `${names.slice(0, -1).join(', ')} et ${names.at(-1)} sont en train d'écrire…`;
  return `${names.length} personnes sont en train d'écrire…`;
}
