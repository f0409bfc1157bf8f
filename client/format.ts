const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

export const formatMoney = (cents: number, currency = 'EUR') =>
  currency === 'EUR'
    ? euros.format(cents / 100)
    : new Intl.NumberFormat('fr-FR', { style: 'currency', currency }).format(cents / 100);

export const formatIban = (iban: string) => iban.replace(/(.{4})/g, '$1 ').trim();

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

const FEMININE_ROLE_LABELS = {
  client: 'Cliente',
  advisor: 'Conseillère',
  director: 'Directrice',
} as const;

/** A person's title, in the grammatical gender they gave: « Conseillère », « Directeur »… */
export const roleLabel = (u: {
  role: keyof typeof ROLE_LABELS;
  gender?: 'feminine' | 'masculine' | null;
}) => (u.gender === 'feminine' ? FEMININE_ROLE_LABELS : ROLE_LABELS)[u.role];

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
