import { Avatar } from '../avatar';
import { ConversationView } from './conversation';
import { typingSentence } from './typing-label';
import { useAppState } from '../../state/app-state';
import { LoadFailed } from '../load-failed';
import { me } from '../../state/session';
import { fullName, roleLabel } from '../../format';
import type { UserSummary } from '../../types';
import './chat.css';

const byRank = (a: UserSummary, b: UserSummary) =>
  Number(b.role === 'director') - Number(a.role === 'director') ||
  a.lastName.localeCompare(b.lastName, 'fr');

/** The staff group chat "Équipe", with its members (the director marked in words, not colour alone). */
export function TeamChat() {
  const { conversationsFailed, groupConversation, isOnline, loadConversations } =
    useAppState().chat;
  const group = groupConversation.value;
  const selfId = me.value!.id;
  if (!group) {
    return (
      <section class="panel" aria-label="Équipe">
        {conversationsFailed.value ? (
          <LoadFailed onRetry={loadConversations}>
            La discussion d’équipe n’a pas pu être chargée.
          </LoadFailed>
        ) : (
          <p class="muted" aria-busy="true">
            Chargement…
          </p>
        )}
      </section>
    );
  }
  const members = [...group.participants].sort(byRank);
  const online = members.filter((m) => m.id === selfId || isOnline(m.id)).length;
  return (
    <div class="team">
      <section class="panel chat-panel" aria-labelledby="team-title">
        <ConversationView
          conversationId={group.id}
          showSenders
          typingLabel={typingSentence}
          header={
            <div class="chat-head">
              <span class="team__icon" aria-hidden="true">
                <svg viewBox="0 0 24 24" width="22" height="22">
                  <path
                    d="M16 11a3 3 0 1 0-3-3 3 3 0 0 0 3 3zm-8 0a3 3 0 1 0-3-3 3 3 0 0 0 3 3zm0 2c-2.3 0-7 1.2-7 3.5V19h14v-2.5C15 14.2 10.3 13 8 13zm8 0c-.3 0-.6 0-1 .1a4.2 4.2 0 0 1 2 3.4V19h6v-2.5c0-2.3-4.7-3.5-7-3.5z"
                    fill="currentColor"
                  />
                </svg>
              </span>
              <div class="chat-head__text">
                <h2 class="chat-head__name" id="team-title">
                  {group.title}
                </h2>
                <p class="chat-head__sub">
                  {members.length} membres · {online} en ligne
                </p>
              </div>
            </div>
          }
        />
      </section>
      <aside class="panel team__members" aria-labelledby="members-title">
        <h2 id="members-title" class="panel__title">
          Membres
        </h2>
        <ul class="members">
          {members.map((m) => (
            <li
              key={m.id}
              class={`members__item${m.role === 'director' ? ' members__item--director' : ''}`}
              data-role={m.role}
              data-testid="team-member"
            >
              <Avatar user={m} online={m.id === selfId || isOnline(m.id)} />
              <span class="members__text">
                <span class="members__name">
                  {fullName(m)}
                  {m.id === selfId && <span class="muted"> (vous)</span>}
                </span>
                {m.role === 'director' ? (
                  <span class="badge-director">{roleLabel(m)}</span>
                ) : (
                  <span class="members__role">{roleLabel(m)}</span>
                )}
              </span>
            </li>
          ))}
        </ul>
      </aside>
    </div>
  );
}
