/**
 * The tab's models, created once by createAppState (signed-in.tsx calls it and
 * passes them down through AppStateProvider) instead of as side effects of importing them: the chat socket and
 * the event stream, the page's one connection state over both, the chat model,
 * the director's supervision, and the models tied to the stream: accounts (with
 * the onboarding checklist), the account history, scheduled transfers, transfers,
 * notifications, the news feed and the market.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { createChatSocket } from '../realtime';
import { createChatModel } from './chat';
import { clientById, setClientOnline } from './clients';
import { createConnection } from './connection';
import { createEventStream } from './event-stream';
import { createFeed } from './feed';
import { createAccounts } from './accounts';
import { createOnboarding } from './onboarding';
import { createOwnHistory } from './operations';
import { createTransfers } from './transfers';
import { createScheduled } from './scheduled';
import { createNotifications } from './notifications';
import { createMarket } from './market';
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
  const accounts = createAccounts({ me, stream });
  connectDocuments(stream);
  const state = {
    socket,
    stream,
    connection: createConnection(socket, stream),
    chat,
    accounts,
    onboarding: createOnboarding({ openAccounts: accounts.openAccounts }),
    history: createOwnHistory({ account: accounts.selectedAccount, stream }),
    notifications: createNotifications({ me, stream }),
    market: createMarket({ stream }),
    feed: createFeed({ me, stream }),
    supervision: createSupervision(),
    preferences: createPreferences(chat),
    scheduled: createScheduled({ me, stream }),
    transfers: createTransfers({ me, reloadAccounts: accounts.loadAccounts }),
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
  return state;
}
export type AppState = ReturnType<typeof createAppState>;

const AppStateContext = createContext<AppState | null>(null);

/** Hands the tab's models to every component below (signed-in.tsx wraps the signed-in space in it). */
export const AppStateProvider = AppStateContext.Provider;

/** The models of this tab, from the nearest AppStateProvider. */
export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (!state) throw new Error('useAppState() outside <AppStateProvider>');
  return state;
}
