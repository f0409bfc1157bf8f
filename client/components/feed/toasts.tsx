import { useAppState } from '../../state/app-state';
import { KindIcon, kindLabel } from './kinds';
import { CloseIcon } from '../close-icon';

/** Notifications that arrived while the app is open, in the corner for a few seconds. */
export function Toasts() {
  const { dismissToast, openCentre, toasts } = useAppState().notifications;
  const list = toasts.value;
  return (
    <div class="toasts" aria-live="polite" aria-relevant="additions">
      {list.map((n) => (
        <div key={n.id} class={`toast toast--${n.kind}`} role="status" data-testid="toast">
          <KindIcon kind={n.kind} decorative />
          <div class="toast__main">
            <p class="toast__kind">{kindLabel(n.kind)}</p>
            <p class="toast__title">{n.title}</p>
            <p class="toast__body">{n.body}</p>
            <button
              type="button"
              class="link-button"
              onClick={() => {
                dismissToast(n.id);
                openCentre();
              }}
            >
              Voir<span class="visually-hidden"> dans les notifications</span>
            </button>
          </div>
          <button
            type="button"
            class="icon-button toast__close"
            aria-label="Fermer"
            onClick={() => dismissToast(n.id)}
          >
            <CloseIcon size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
