import { streamState } from '../../state/event-stream';

/**
 * Shown only while the news/notification stream is down after having been up
 * (or never came up). Always in the page, so tests can read `data-state`.
 */
export function ConnectionStatus() {
  const state = streamState.value;
  return (
    <p
      class="feed-connection"
      data-testid="feed-connection"
      data-state={state}
      role="status"
      hidden={state !== 'reconnecting'}
    >
      <span class="feed-connection__spinner" aria-hidden="true" />
      Reconnexion aux actualités…
    </p>
  );
}
