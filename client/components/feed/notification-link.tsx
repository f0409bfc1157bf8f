import { navigate } from '../../router';
import { closeCentre, markNotificationRead } from '../../state/notifications';

/** Same as the server's rule: a path of this site, or an https address. */
function classify(link: string): 'internal' | 'external' | null {
  if (link.startsWith('/')) return link.startsWith('//') || link.includes('\\') ? null : 'internal';
  try {
    return new URL(link).protocol === 'https:' ? 'external' : null;
  } catch {
    return null;
  }
}

/** A notification's link: in-app paths go through the router, https ones open in a new tab. */
export function NotificationLink({ id, link }: { id: number; link: string }) {
  const kind = classify(link);
  if (kind === 'internal') {
    return (
      <a
        class="notif__link"
        href={link}
        onClick={(e) => {
          e.preventDefault();
          void markNotificationRead(id);
          closeCentre();
          navigate(link);
        }}
      >
        Ouvrir
      </a>
    );
  }
  if (kind === 'external') {
    return (
      <a
        class="notif__link"
        href={link}
        target="_blank"
        rel="noopener noreferrer"
        onClick={() => void markNotificationRead(id)}
      >
        Ouvrir le lien
        <span class="visually-hidden"> (nouvel onglet)</span>
        <svg
          viewBox="0 0 16 16"
          width="14"
          height="14"
          aria-hidden="true"
          fill="none"
          stroke="currentColor"
          stroke-width="1.6"
        >
          <path d="M9 2.5h4.5V7M13.5 2.5 7 9M12 10v3.5H2.5V4H6" />
        </svg>
      </a>
    );
  }
  return null;
}
