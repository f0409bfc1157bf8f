import type { NotificationView } from '../../types';
import { formatWhen, fullName } from '../../format';
import { useAppState } from '../../state/app-state';
import { KindIcon, kindLabel } from './kinds';
import { NotificationLink } from './notification-link';

/** One notification in the centre: kind icon, text, sender and time, its link, "Marquer comme lu". */
export function NotificationItem({ n }: { n: NotificationView }) {
  const { markNotificationRead } = useAppState().notifications;
  const unread = !n.readAt;
  return (
    <li
      class={`notif${unread ? ' notif--unread' : ''}`}
      data-testid="notification-item"
      data-read={unread ? 'false' : 'true'}
    >
      <KindIcon kind={n.kind} />
      <div class="notif__main">
        <p class="notif__title">
          {unread && <span class="visually-hidden">Non lue : </span>}
          {n.title}
        </p>
        <p class="notif__body">{n.body}</p>
        <p class="notif__meta">
          {kindLabel(n.kind)} · {n.sender ? fullName(n.sender) : 'AVENIR'} ·{' '}
          <time dateTime={n.createdAt}>{formatWhen(n.createdAt)}</time>
        </p>
        {(n.link || unread) && (
          <div class="notif__actions">
            {n.link && <NotificationLink id={n.id} link={n.link} />}
            {unread && (
              <button
                type="button"
                class="link-button"
                onClick={() => void markNotificationRead(n.id)}
              >
                Marquer comme lu<span class="visually-hidden"> : {n.title}</span>
              </button>
            )}
          </div>
        )}
      </div>
      {unread && <span class="notif__dot" aria-hidden="true" />}
    </li>
  );
}
