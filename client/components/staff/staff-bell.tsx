import { useState } from 'preact/hooks';
import { useAppState } from '../../state/app-state';
import { showConversation } from '../chat/staff-inbox';
import { CloseIcon } from '../close-icon';
import { BellButton, bellLabel } from '../bell-button';
import type { Tab } from '../../pages/staff-space';
import '../feed/feed.css';
import './staff.css';

/**
 * The staff bell: how many messages wait, all conversations together, and a panel
 * listing the conversations they wait in; one click opens the conversation.
 */
export function StaffBell({ onOpen }: { onOpen: (tab: Tab) => void }) {
  const { chat } = useAppState();
  const [open, setOpen] = useState(false);
  const count = chat.unreadTotal.value;
  const waiting = (chat.conversations.value ?? []).filter((c) => c.unreadCount > 0);

  return (
    <BellButton
      open={open}
      setOpen={setOpen}
      count={count}
      label={bellLabel(count, 'Messages')}
      panelId="staff-bell"
      testId="staff-bell"
      panel={(close) => (
        <div id="staff-bell" class="centre" role="dialog" aria-labelledby="staff-bell-title">
          <div class="centre__head">
            <h2 id="staff-bell-title" class="centre__title">
              Messages en attente
            </h2>
            <button type="button" class="icon-button" aria-label="Fermer" onClick={close}>
              <CloseIcon />
            </button>
          </div>
          <div class="centre__body">
            {waiting.length === 0 ? (
              <div class="centre__empty">
                <p class="centre__empty-title">Vous êtes à jour</p>
                <p class="muted">
                  Les nouveaux messages de vos clients et de l’équipe arrivent ici.
                </p>
              </div>
            ) : (
              <ul class="staff-bell__list">
                {waiting.map((c) => (
                  <li key={c.id}>
                    <button
                      type="button"
                      class="staff-bell__item"
                      data-testid="staff-bell-item"
                      onClick={() => {
                        setOpen(false);
                        onOpen(c.kind === 'group' ? 'equipe' : 'messages');
                        if (c.kind === 'private') showConversation(c.id);
                      }}
                    >
                      <strong>{c.title}</strong>
                      <span>
                        {c.unreadCount} {c.unreadCount > 1 ? 'messages non lus' : 'message non lu'}
                        {c.lastMessage ? ` · ${c.lastMessage.body}` : ''}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    />
  );
}
