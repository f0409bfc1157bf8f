import { genderOf } from './state/titles';

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

export const formatMoney = (cents: number, currency = 'EUR') =>
  currency === 'EUR'
    ? euros.format(cents / 100)
    : new Intl.NumberFormat('fr-FR', { style: 'currency', currency }).format(cents / 100);

const time = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' });
const dateTime = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** "14:05" today, "3 déc. 14:05" otherwise. */
export function formatWhen(iso: string) {
  const d = new Date(iso);
  return d.toDateString() === new Date().toDateString() ? time.format(d) : dateTime.format(d);
}

export const fullName = (u: { firstName: string; lastName: string }) =>
  `${u.firstName} ${u.lastName}`;
export const initials = (u: { firstName: string; lastName: string }) =>
  (u.firstName[0] ?? '') + (u.lastName[0] ?? '');

export const ROLE_LABELS = {
  client: 'Client',
  advisor: 'Conseiller',
  director: 'Directeur',
} as const;

/**
 * "1 234,56", "12.5" or "12" as integer cents, without floats; null when it is not
 * an amount with at most two decimals.
 */
export function parseAmount(input: string): number | null {
  const s = input.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** A signed amount with an explicit sign: « +1 234,56 € », « −12,00 € » (minus sign, not colour alone). */
export function formatSignedMoney(cents: number, currency = 'EUR') {
  const abs = formatMoney(Math.abs(cents), currency);
  return cents < 0 ? `−${abs}` : cents > 0 ? `+${abs}` : abs;
}

const dayFormat = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/Paris',
});
const shortDay = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeZone: 'Europe/Paris' });
const dayKeyFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });

/** The Europe/Paris calendar day of an instant, as YYYY-MM-DD. */
export const parisDay = (iso: string | Date) => dayKeyFormat.format(new Date(iso));
/** « mardi 1 décembre 2026 » */
export const formatDay = (iso: string) => dayFormat.format(new Date(iso));
/** « 01/12/2026 » */
export const formatShortDate = (iso: string) => shortDay.format(new Date(iso));

const monthFormat = new Intl.DateTimeFormat('fr-FR', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
/** « décembre 2026 » for "2026-12". */
export const formatMonth = (month: string) => monthFormat.format(new Date(`${month}-01T12:00:00Z`));
const FEMININE_ROLE_LABELS = {
  client: 'Cliente',
  advisor: 'Conseillère',
  director: 'Directrice',
} as const;

/** A person's title, in the grammatical gender staff gave: « Conseillère », « Directeur »… */
export const roleLabel = (u: { id: number; role: keyof typeof ROLE_LABELS }) =>
  (genderOf(u.id) === 'feminine' ? FEMININE_ROLE_LABELS : ROLE_LABELS)[u.role];

/**
 * A message's time under its day separator: « à l’instant », « il y a 5 min » for the
 * last hour, then the hour alone (the separator says the day).
 */
export function formatMessageTime(iso: string, now = Date.now()) {
  const ago = now - new Date(iso).getTime();
  if (ago < 60_000) return 'à l’instant';
  if (ago < 3_600_000) return `il y a ${Math.floor(ago / 60_000)} min`;
  return time.format(new Date(iso));
}
