import { useEffect } from 'preact/hooks';
import './feed.css';
import { startEventStream, stopEventStream } from '../../state/event-stream';
import { ConnectionStatus } from './connection-status';
import { Toasts } from './toasts';

/**
 * Opens the tab's one SSE stream (/api/events) while a signed-in space is shown
 * and closes it when the space goes (sign-out); shows its state and the toasts.
 */
export function FeedStreamMount() {
  useEffect(() => {
    startEventStream();
    return stopEventStream;
  }, []);
  return (
    <>
      <ConnectionStatus />
      <Toasts />
    </>
  );
}
