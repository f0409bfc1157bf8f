/** Lower case without accents, for accent- and case-insensitive search. */
export function normalizeSearch(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
