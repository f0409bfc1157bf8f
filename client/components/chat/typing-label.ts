import type { UserSummary } from '../../types';

/** « Julien est en train d’écrire… », « Léa et Marc sont en train d’écrire… ». */
export function typingSentence(people: UserSummary[]) {
  const names = people.map((p) => p.firstName);
  if (names.length === 1) return `${names[0]} est en train d’écrire…`;
  if (names.length <= 3)
    return `${names.slice(0, -1).join(', ')} et ${names.at(-1)} sont en train d’écrire…`;
  return `${names.length} personnes sont en train d’écrire…`;
}
