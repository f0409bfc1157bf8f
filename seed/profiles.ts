import type { Tx } from '../src/db/client';
import type { User } from '../src/db/schema';
import { clientProfiles } from '../src/users/schema';

const STREETS = [
  'rue de la République',
  'avenue Jean Jaurès',
  'boulevard Victor Hugo',
  'rue des Lilas',
];
const CITIES: [postalCode: string, city: string][] = [
  ['75011', 'Paris'],
  ['69003', 'Lyon'],
  ['33000', 'Bordeaux'],
  ['44000', 'Nantes'],
  ['31000', 'Toulouse'],
  ['13006', 'Marseille'],
];

/** What each fixture client would have given at sign-up: plausible and different from one another. */
export function seedProfilesTx(tx: Tx, people: User[], now: number) {
  const rows = people.map((u, i) => {
    const [postalCode, city] = CITIES[i % CITIES.length];
    const year = 1950 + ((i * 7) % 50);
    return {
      userId: u.id,
      // The fixtures' first names alternate feminine / masculine (seed/fixtures.ts FIRST).
      civility: i % 2 === 0 ? ('madame' as const) : ('monsieur' as const),
      birthDate: `${year}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      addressLine1: `${(i % 120) + 1} ${STREETS[i % STREETS.length]}`,
      addressLine2: i % 3 === 0 ? `Appartement ${(i % 40) + 1}` : null,
      postalCode,
      city,
      country: 'FR',
      phone: `+336${String(10_000_000 + ((i * 7919) % 89_999_999)).padStart(8, '0')}`,
      termsAcceptedAt: new Date(now),
    };
  });
  // Durable Object SQLite binds at most 100 variables per statement: 11 columns, 9 rows.
  for (let at = 0; at < rows.length; at += 9)
    tx.insert(clientProfiles)
      .values(rows.slice(at, at + 9))
      .run();
}
