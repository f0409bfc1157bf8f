import { useAppState } from '../../state/app-state';
import '../connection.css';

/**
 * The page's one connection indicator (chat socket and event stream together): hidden
 * while both are up; the first connection shows it only if it drags on (CSS delay).
 * While reconnecting, « Réessayer maintenant » tries both links at once.
 */
export function ConnectionBanner() {
  const connection = useAppState().connection;
  const state = connection.state.value;
  if (state === 'open' || state === 'idle') return null;
  return (
    <div class={`conn-banner conn-banner--${state}`} role="status" data-testid="connection-banner">
      <span class="conn-banner__spinner" aria-hidden="true" />
      {state === 'connecting' ? 'Connexion…' : 'Reconnexion…'}
      {state === 'reconnecting' && (
        <button type="button" class="conn-banner__retry" onClick={connection.retryNow}>
          Réessayer maintenant
        </button>
      )}
    </div>
  );
}
