/** Market and savings display helpers (integer cents and basis points in, French text out). */
import { formatMoney } from '../../format';

export const formatPrice = (cents: number | null) => (cents === null ? '—' : formatMoney(cents));

/** 300 → "3,00 %". */
export const formatRate = (bp: number) =>
  `${Math.floor(bp / 100)},${String(bp % 100).padStart(2, '0')} %`;

/** The change from `from` to `to` as "+1,23 %" (two decimals, from integers). */
export function formatChange(to: number, from: number) {
  if (!from) return '0,00 %';
  const hundredths = Math.round(((to - from) * 10_000) / from);
  const sign = hundredths > 0 ? '+' : hundredths < 0 ? '−' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')} %`;
}

/** "12,34" / "12.34" / "12" → 1234 cents; null when it is not an amount. No float involved. */
export function parseEuros(text: string): number | null {
  const m = /^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*(?:€)?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

export const sideLabel = (side: 'buy' | 'sell') => (side === 'buy' ? 'Achat' : 'Vente');
export const STATUS_LABELS = { open: 'En cours', filled: 'Exécuté', cancelled: 'Annulé' } as const;

export const CANCEL_LABELS = {
  user: 'à votre demande',
  self_trade: 'face à votre propre ordre',
  market_remainder: 'reste d’un ordre au marché',
  unsettleable: 'compte impossible à régler',
} as const;

const dateTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: '2-digit',
  month: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
/** "07/12 18:42" (Paris). */
export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));
