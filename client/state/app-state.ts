/**
 * The tab's models, created once by createAppState (main.tsx calls it before the
 * first render) instead of as side effects of importing them: the chat socket and
 * the event stream, the page's one connection state over both, the chat model,
 * the director's supervision, and the feed, notifications and money (accounts,
 * history) tied to the stream.
 */
import { createChatSocket } from '../realtime';
import { createChatModel } from './chat';
import { clientById, setClientOnline } from './clients';
import { createConnection } from './connection';
import { createEventStream } from './event-stream';
import { connectFeed } from './feed';
import { connectAccounts } from './accounts';
import { connectOperations } from './operations';
import { connectTransfers } from './transfers';
import { connectScheduled } from './scheduled';
import { connectNotifications } from './notifications';
import { connectMarket } from './market';
import { connectDocuments } from './documents';
import { me, sessionEnded } from './session';
import { createSupervision } from './supervision';
import { createPreferences } from './preferences';
import { loadTitles } from './titles';

export function createAppState() {
  const socket = createChatSocket({ sessionEnded });
  const stream = createEventStream({ sessionEnded });
  const chat = createChatModel({
    me,
    socket,
    sessionEnded,
    listedOnline: (id) => clientById(id)?.online ?? false,
    onPresence: setClientOnline,
  });
  connectFeed(stream);
  connectNotifications(stream);
  connectAccounts(stream);
  connectOperations(stream);
  connectTransfers();
  connectScheduled(stream);
  connectMarket(stream);
  connectDocuments(stream);
  const state = {
    socket,
    stream,
    connection: createConnection(socket, stream),
    chat,
    supervision: createSupervision(),
    preferences: createPreferences(chat),
    /** Opens the signed-in links (chat socket, event stream); returns what closes them. */
    startRealtime() {
      void loadTitles();
      chat.start();
      stream.start();
      return () => {
        chat.stop();
        stream.stop();
      };
    },
  };
  current = state;
  return state;
}
export type AppState = ReturnType<typeof createAppState>;

let current: AppState | null = null;

/** The models of this tab (createAppState must have run). */
export function appState(): AppState {
  if (!current) throw new Error('createAppState() has not run');
  return current;
}
