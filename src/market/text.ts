// Made at first use: the first Intl object of a process maps about 8 MiB of ICU data.
let formatter: Intl.NumberFormat | null = null;
const thousands = () =>
  (formatter ??= new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }));

/** 1234 → "12,34 €" from integer cents (no float ever holds money). */
export function formatEuros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${thousands().format(Math.floor(abs / 100))},${String(abs % 100).padStart(2, '0')} €`;
}
