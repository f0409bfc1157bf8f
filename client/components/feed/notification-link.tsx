import { navigate } from '../../router';
import { useAppState } from '../../state/app-state';
import { appPathOf } from '../../../src/notifications/link';

/**
 * A notification's link: a path of this app goes through the router; an https
 * address the server accepted (APP_URL's origin, when this page was opened under
 * another name) opens in a new tab; anything else is not shown.
 */
export function NotificationLink({ id, link }: { id: number; link: string }) {
  const { closeCentre, markNotificationRead } = useAppState().notifications;
  const path = appPathOf(link, location.origin);
  if (path) {
    return (
      <a
        class="notif__link"
        href={link}
        onClick={(e) => {
          e.preventDefault();
          void markNotificationRead(id);
          closeCentre();
          navigate(path);
        }}
      >
        Ouvrir
      </a>
    );
  }
  if (/^https:\/\//i.test(link)) {
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
