import { useEffect } from 'preact/hooks';
import { useAppState } from '../state/app-state';
import { ConnectionBanner } from './chat/connection-banner';
import { Toasts } from './feed/toasts';
import './feed/feed.css';

/**
 * Opens the signed-in realtime links (chat WebSocket, SSE stream) for as long as a
 * space is shown, and closes them on sign-out; shows the page's one connection
 * indicator and the notification toasts.
 */
export function RealtimeMount() {
  const app = useAppState();
  useEffect(() => app.startRealtime(), []);
  return (
    <>
      <ConnectionBanner />
      <Toasts />
    </>
  );
}
