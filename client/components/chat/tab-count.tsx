import { useAppState } from '../../state/app-state';
import './chat.css';

/** The unread count beside a staff tab's name ("Messages clients 3"), spoken as words. */
export function ChatTabCount({ tab }: { tab: string }) {
  const { unreadClientMessages, unreadTeamMessages } = useAppState().chat;
  const n =
    tab === 'messages'
      ? unreadClientMessages.value
      : tab === 'equipe'
        ? unreadTeamMessages.value
        : 0;
  if (!n) return null;
  return (
    <span class="tabs__count" data-testid={`tab-unread-${tab}`}>
      {n > 99 ? '99+' : n}
      <span class="visually-hidden"> non lus</span>
    </span>
  );
}
