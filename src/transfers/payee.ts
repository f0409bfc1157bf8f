import { normalizeSearch } from '../ledger/text';

// One IBAN module for the server and the client (src/accounts/iban.ts).
export { AVENIR_BANK_CODE, compactIban, isAvenirIban, isValidIban } from '../accounts/iban';

const wordsOf = (name: string) =>
  normalizeSearch(name)
    .replace(/[^a-z]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}

/** `given` is the holder's name with the first name(s) reduced to initials (« L. Dubois »). */
function isInitialForm(given: string[], first: string[], last: string[]): boolean {
  const rest = [...given];
  for (const w of last) {
    const i = rest.indexOf(w);
    if (i < 0) return false;
    rest.splice(i, 1);
  }
  const initials = first.map((w) => w[0]).sort();
  return rest.length === initials.length && rest.sort().every((w, i) => w === initials[i]);
}

export type PayeeResult = 'match' | 'close_match' | 'no_match';

/**
 * Verification of payee: case, accents and word order are ignored; close means
 * at most two letters apart, or the first name reduced to its initial.
 */
export function comparePayeeName(
  typed: string,
  holder: { firstName: string; lastName: string },
): PayeeResult {
  const given = wordsOf(typed);
  const first = wordsOf(holder.firstName);
  const last = wordsOf(holder.lastName);
  const sorted = (w: string[]) => [...w].sort().join(' ');
  const full = [...first, ...last];
  if (given.length === 0) return 'no_match';
  if (sorted(given) === sorted(full)) return 'match';
  const typedText = given.join(' ');
  const closest = Math.min(
    distance(sorted(given), sorted(full)),
    distance(typedText, full.join(' ')),
    distance(typedText, [...last, ...first].join(' ')),
  );
  if (closest <= 2 || isInitialForm(given, first, last)) return 'close_match';
  return 'no_match';
}
