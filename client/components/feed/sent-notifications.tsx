import { useEffect } from 'preact/hooks';
import { formatWhen, fullName } from '../../format';
import { useAppState } from '../../state/app-state';
import { KindIcon } from './kinds';
import { LoadFailed } from '../load-failed';

/** Staff: what they sent, to whom, and whether the client has read it. */
export function SentNotifications() {
  const { loadSentNotifications, sentFailedToLoad, sentHasMore, sentNotifications } =
    useAppState().notifications;
  useEffect(() => void loadSentNotifications(), []);
  const items = sentNotifications.value;
  return (
    <section class="panel" aria-labelledby="sent-title">
      <h2 id="sent-title" class="panel__title">
        Notifications envoyées
      </h2>
      {sentFailedToLoad.value && !items ? (
        <LoadFailed onRetry={loadSentNotifications}>La liste n’a pas pu être chargée.</LoadFailed>
      ) : !items ? (
        <p class="muted" aria-busy="true">
          Chargement…
        </p>
      ) : items.length === 0 ? (
        <p class="muted">Aucune notification envoyée pour le moment.</p>
      ) : (
        <ul class="row-list" data-testid="sent-notifications">
          {items.map((n) => (
            <li key={n.id} class="row-list__item" data-testid="sent-notification">
              <KindIcon kind={n.kind} />
              <div class="row-list__main">
                <p class="sent-list__title">{n.title}</p>
                <p class="sent-list__meta">
                  À {fullName(n.recipient)} ·{' '}
                  <time dateTime={n.createdAt}>{formatWhen(n.createdAt)}</time>
                </p>
              </div>
              <span
                class={`status-chip${n.readAt ? ' status-chip--read' : ''}`}
                data-testid="sent-status"
              >
                {n.readAt ? 'Lue' : 'Non lue'}
              </span>
            </li>
          ))}
        </ul>
      )}
      {items && sentHasMore.value && (
        <button
          type="button"
          class="btn btn--ghost btn--small btn--block"
          onClick={() => void loadSentNotifications(true)}
        >
          Voir plus
        </button>
      )}
    </section>
  );
}
