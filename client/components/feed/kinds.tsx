import { LineIcon } from '../line-icon';
import type { NotificationView } from '../../types';

/** Every notification kind; staff compose the first five, the bank sends the others itself. */
export type AnyKind = NotificationView['kind'];
export type Kind = Exclude<AnyKind, 'transfer' | 'savings' | 'trade' | 'security'>;

/** Kinds in the order the composer offers them, with their French names. */
export const KINDS: { id: Kind; label: string }[] = [
  { id: 'info', label: 'Information' },
  { id: 'appointment', label: 'Rendez-vous' },
  { id: 'document', label: 'Document' },
  { id: 'alert', label: 'Alerte' },
  { id: 'offer', label: 'Offre' },
];

const BANK_KINDS: { id: AnyKind; label: string }[] = [
  { id: 'transfer', label: 'Virement' },
  { id: 'savings', label: 'Épargne' },
  { id: 'trade', label: 'Bourse' },
  { id: 'security', label: 'Sécurité' },
];

export const kindLabel = (kind: AnyKind) =>
  [...KINDS, ...BANK_KINDS].find((k) => k.id === kind)?.label ?? 'Information';

const PATHS: Partial<Record<AnyKind, preact.JSX.Element>> = {
  info: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 11v6M12 7.5v.5" />
    </>
  ),
  appointment: (
    <>
      <rect x="3.5" y="5" width="17" height="15" rx="2" />
      <path d="M3.5 10h17M8 3v4M16 3v4M8 14h3" />
    </>
  ),
  document: (
    <>
      <path d="M6 3h8l4 4v14H6z" />
      <path d="M14 3v4h4M9 12h6M9 16h6" />
    </>
  ),
  alert: (
    <>
      <path d="M12 3.5 2.8 19.5h18.4z" />
      <path d="M12 10v4.5M12 17v.5" />
    </>
  ),
  offer: (
    <>
      <path d="M3.5 12.5V4h8.5l8.5 8.5-8 8z" />
      <circle cx="8" cy="8.5" r="1.3" />
    </>
  ),
  transfer: <path d="M4 8h14l-4-4M20 16H6l4 4" />,
};

/** The kind's pictogram in a tinted disc; named for screen readers unless `decorative`. */
export function KindIcon({ kind, decorative = false }: { kind: AnyKind; decorative?: boolean }) {
  return (
    <span
      class={`kind-icon kind-icon--${kind}`}
      role={decorative ? undefined : 'img'}
      aria-label={decorative ? undefined : kindLabel(kind)}
      aria-hidden={decorative ? 'true' : undefined}
    >
      <LineIcon size={20}>{PATHS[kind] ?? PATHS.info}</LineIcon>
    </span>
  );
}
