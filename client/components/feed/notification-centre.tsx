import { useEffect, useRef } from 'preact/hooks';
import { useAppState } from '../../state/app-state';
import { checkPush } from '../../state/push';
import { NotificationItem } from './notification-item';
import { PushSwitch } from './push-switch';
import { LoadFailed } from '../load-failed';
import { CloseIcon } from '../close-icon';
import { me } from '../../state/session';

export const CENTRE_ID = 'notification-centre';

/** The bell's panel: the push switch, every notification, mark one or all read. */
export function NotificationCentre({ onClose }: { onClose: () => void }) {
  const {
    loadNotifications,
    loadOlderNotifications,
    markAllNotificationsRead,
    notifications,
    notificationsFailed,
    notificationsHasMore,
    notificationsLoadingMore,
    unreadCount,
  } = useAppState().notifications;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    void checkPush(); // permission may have changed in the browser's settings meanwhile
  }, []);
  const items = notifications.value;
  const unread = unreadCount.value;
  return (
    <div id={CENTRE_ID} class="centre" role="dialog" aria-labelledby="centre-title">
      <div class="centre__head">
        <h2 id="centre-title" class="centre__title" tabIndex={-1} ref={heading}>
          Notifications
        </h2>
        <button
          type="button"
          class="link-button"
          disabled={unread === 0}
          onClick={() => void markAllNotificationsRead()}
        >
          Tout marquer comme lu
        </button>
        <button
          type="button"
          class="icon-button"
          aria-label="Fermer les notifications"
          onClick={onClose}
        >
          <CloseIcon />
        </button>
      </div>
      <PushSwitch />
      {me.value?.role === 'client' && (
        <a class="centre__settings" href="/notifications/reglages" onClick={onClose}>
          Choisir ce que je reçois par push et par e-mail
        </a>
      )}
      <div class="centre__body">
        {notificationsFailed.value && !items ? (
          <LoadFailed class="centre__empty" link onRetry={loadNotifications}>
            Vos notifications n’ont pas pu être chargées.
          </LoadFailed>
        ) : !items ? (
          <p class="muted centre__empty" aria-busy="true">
            Chargement…
          </p>
        ) : items.length === 0 ? (
          <div class="centre__empty">
            <p class="centre__empty-title">Vous êtes à jour</p>
            <p class="muted">Les messages de votre conseiller apparaîtront ici.</p>
          </div>
        ) : (
          <ul class="centre__list" aria-label="Vos notifications">
            {items.map((n) => (
              <NotificationItem key={n.id} n={n} />
            ))}
          </ul>
        )}
        {items && notificationsHasMore.value && (
          <button
            type="button"
            class="btn btn--ghost btn--small btn--block centre__more"
            disabled={notificationsLoadingMore.value}
            onClick={() => void loadOlderNotifications().catch(() => {})}
          >
            {notificationsLoadingMore.value ? 'Chargement…' : 'Voir plus'}
          </button>
        )}
      </div>
    </div>
  );
}
