import { connectionState } from '../../realtime';
import './chat.css';

/** A discreet notice while the chat socket is not open; the first connection shows it only if it drags on (CSS delay). */
export function ConnectionBanner() {
  const state = connectionState.value;
  if (state === 'open' || state === 'idle') return null;
  return (
    <div class={`conn-banner conn-banner--${state}`} role="status" data-testid="connection-banner">
      <span class="conn-banner__spinner" aria-hidden="true" />
      {state === 'connecting' ? 'Connexion…' : 'Reconnexion…'}
    </div>
  );
}
