import { useEffect } from 'preact/hooks';
import { signal } from '@preact/signals';
import { Avatar } from '../avatar';
import { LoadFailed } from '../load-failed';
import { ConversationView } from './conversation';
import { PersonHeader } from './chat-header';
import { typingSentence } from './typing-label';
import {
  clientConversations,
  conversationById,
  conversationsFailed,
  isOnline,
  loadConversations,
  typingIn,
} from '../../state/chat';
import { loadClients } from '../../state/clients';
import { me } from '../../state/session';
import { formatWhen, fullName } from '../../format';
import type { ConversationView as Conversation } from '../../types';
import './chat.css';

/** The conversation open in the inbox; kept across tab switches. */
const selected = signal<number | null>(null);

/** Focus follows the view (on a phone the list and the conversation replace each other). */
function openConversation(id: number) {
  selected.value = id;
  requestAnimationFrame(() => document.getElementById('thread-title')?.focus());
}

function backToList() {
  const id = selected.value;
  selected.value = null;
  requestAnimationFrame(() =>
    document
      .querySelector<HTMLElement>(`[data-testid="inbox-item"][data-conversation-id="${id}"]`)
      ?.focus(),
  );
}

function InboxItem({ conv, active }: { conv: Conversation; active: boolean }) {
  const selfId = me.value!.id;
  const client =
    conv.participants.find((p) => p.role === 'client') ??
    conv.participants.find((p) => p.id !== selfId)!;
  const last = conv.lastMessage;
  const typing = typingIn(conv.id).length > 0;
  const unread = conv.unreadCount;
  return (
    <li>
      <button
        type="button"
        class={`inbox-item${active ? ' inbox-item--active' : ''}${unread ? ' inbox-item--unread' : ''}`}
        aria-current={active ? 'true' : undefined}
        data-testid="inbox-item"
        data-conversation-id={conv.id}
        onClick={() => openConversation(conv.id)}
      >
        <Avatar user={client} online={isOnline(client.id)} />
        <span class="inbox-item__main">
          <span class="inbox-item__top">
            <span class="inbox-item__name">{fullName(client)}</span>
            {last && (
              <time class="inbox-item__time" dateTime={last.createdAt}>
                {formatWhen(last.createdAt)}
              </time>
            )}
          </span>
          <span class="inbox-item__bottom">
            <span class={`inbox-item__snippet${typing ? ' inbox-item__snippet--typing' : ''}`}>
              {typing
                ? "En train d'écrire…"
                : last
                  ? `${last.sender.id === selfId ? 'Vous : ' : ''}${last.body}`
                  : 'Aucun message'}
            </span>
            {unread > 0 && (
              <span class="unread-badge" data-testid="unread-badge">
                {unread > 99 ? '99+' : unread}
                <span class="visually-hidden">
                  {' '}
                  {unread > 1 ? 'messages non lus' : 'message non lu'}
                </span>
              </span>
            )}
          </span>
        </span>
      </button>
    </li>
  );
}

/** The advisor's inbox of client conversations (latest activity first) and the open conversation. */
export function StaffInbox() {
  useEffect(() => void loadClients(), []);
  const list = clientConversations.value;
  const current = selected.value !== null ? conversationById(selected.value) : null;
  const selfId = me.value!.id;
  const client =
    current?.participants.find((p) => p.role === 'client') ??
    current?.participants.find((p) => p.id !== selfId);

  return (
    <div class={`inbox${current ? ' inbox--open' : ''}`}>
      <section class="panel inbox__list" aria-labelledby="inbox-title">
        <h2 id="inbox-title" class="panel__title">
          Conversations clients
        </h2>
        {conversationsFailed.value ? (
          <LoadFailed onRetry={loadConversations}>
            Les conversations n’ont pas pu être chargées.
          </LoadFailed>
        ) : !list ? (
          <p class="muted" aria-busy="true">
            Chargement…
          </p>
        ) : list.length === 0 ? (
          <p class="muted">Aucune conversation client pour le moment.</p>
        ) : (
          <ul class="inbox__items">
            {list.map((c) => (
              <InboxItem key={c.id} conv={c} active={c.id === current?.id} />
            ))}
          </ul>
        )}
      </section>
      <section
        class="panel chat-panel inbox__thread"
        aria-labelledby={current ? 'thread-title' : undefined}
        aria-label={current ? undefined : 'Conversation'}
      >
        {current && client ? (
          <ConversationView
            key={current.id}
            conversationId={current.id}
            header={
              <PersonHeader
                person={client}
                role="Client"
                titleId="thread-title"
                actions={
                  <button
                    type="button"
                    class="chat-head__back"
                    onClick={backToList}
                    aria-label="Retour aux conversations"
                  >
                    ←
                  </button>
                }
              />
            }
            typingLabel={typingSentence}
          />
        ) : (
          <div class="chat-panel__empty chat-panel__empty--center">
            <svg viewBox="0 0 48 48" width="48" height="48" aria-hidden="true">
              <path
                d="M8 10h32a4 4 0 0 1 4 4v16a4 4 0 0 1-4 4H20l-8 7v-7H8a4 4 0 0 1-4-4V14a4 4 0 0 1 4-4z"
                fill="#eef3fc"
                stroke="#0b3d91"
                stroke-width="2"
              />
            </svg>
            <p class="muted">Sélectionnez une conversation pour l’afficher.</p>
          </div>
        )}
      </section>
    </div>
  );
}
