import { useEffect } from 'preact/hooks';
import { startChat, stopChat } from '../state/chat';
import { ConnectionBanner } from './chat/connection-banner';

/**
 * Opens the signed-in realtime connections (chat WebSocket, SSE stream) for as long
 * as a space is shown, and closes them on sign-out. Issues 3 and 4 add theirs here.
 */
export function RealtimeMount() {
  useEffect(() => {
    startChat();
    return stopChat;
  }, []);
  return <ConnectionBanner />;
}
