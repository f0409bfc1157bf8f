import { useEffect } from 'preact/hooks';
import { signal } from '@preact/signals';
import { Avatar } from '../avatar';
import { LoadFailed } from '../load-failed';
import { ConversationView } from './conversation';
import { PersonHeader } from './chat-header';
import { ClientPanel, EmailTag } from './client-panel';
import { SupervisedThread } from './supervised-thread';
import { typingSentence } from './typing-label';
import { useAppState } from '../../state/app-state';
import { clientById, loadClients } from '../../state/clients';
import { me } from '../../state/session';
import { formatWhen, fullName } from '../../format';
import type { ConversationView as Conversation, UserSummary } from '../../types';
import './chat.css';
import './staff-inbox.css';

/** The conversation open in the inbox; kept across tab switches. */
const selected = signal<number | null>(null);
/** « Non lus » or « Tous », and the search text; kept across tab switches too. */
const filter = signal<'all' | 'unread'>('all');
const search = signal('');

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

const clientOf = (conv: Conversation, selfId: number): UserSummary =>
  conv.participants.find((p) => p.role === 'client') ??
  conv.participants.find((p) => p.id !== selfId)!;

/** Case and accents ignored: « helene » finds « Hélène ». */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

function matches(conv: Conversation, selfId: number, words: string) {
  if (!words) return true;
  const client = clientOf(conv, selfId);
  const email = clientById(client.id)?.email ?? '';
  const hay = fold(`${fullName(client)} ${email} ${conv.lastMessage?.body ?? ''}`);
  return fold(words)
    .split(/\s+/)
    .every((w) => hay.includes(w));
}

function InboxItem({
  conv,
  active,
  supervised,
}: {
  conv: Conversation;
  active: boolean;
  supervised: boolean;
}) {
  const { typingIn, isOnline } = useAppState().chat;
  const selfId = me.value!.id;
  const client = clientOf(conv, selfId);
  const advisor = conv.participants.find((p) => p.role === 'advisor');
  const last = conv.lastMessage;
  const typing = !supervised && typingIn(conv.id).length > 0;
  const unread = conv.unreadCount;
  const verified = clientById(client.id)?.emailVerified ?? true;
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
          {(supervised || !verified) && (
            <span class="inbox-item__tags">
              {supervised && advisor && <span class="muted">Avec {fullName(advisor)}</span>}
              {!verified && <EmailTag />}
            </span>
          )}
          <span class="inbox-item__bottom">
            <span class={`inbox-item__snippet${typing ? ' inbox-item__snippet--typing' : ''}`}>
              {typing
                ? 'En train d’écrire…'
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

/** Search and « Non lus / Tous » above the list. */
function InboxFilters({ supervised }: { supervised: boolean }) {
  return (
    <div class="inbox-filters">
      <label class="visually-hidden" for="inbox-search">
        Rechercher une conversation
      </label>
      <input
        id="inbox-search"
        type="search"
        class="inbox-filters__search"
        placeholder="Rechercher un client…"
        value={search.value}
        onInput={(e) => (search.value = e.currentTarget.value)}
      />
      {!supervised && (
        <div class="segmented" role="group" aria-label="Afficher">
          {(
            [
              ['all', 'Tous'],
              ['unread', 'Non lus'],
            ] as const
          ).map(([id, label]) => (
            <button
              key={id}
              type="button"
              class={`segmented__option${filter.value === id ? ' segmented__option--on' : ''}`}
              aria-pressed={filter.value === id}
              onClick={() => (filter.value = id)}
            >
              {label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/**
 * The inbox of client conversations (latest activity first) and the open one, with
 * the client's panel beside it. An advisor answers their clients; the director
 * supervises every client conversation, read-only (`supervised`).
 */
export function StaffInbox() {
  const supervised = me.value?.role === 'director';
  const { chat, supervision } = useAppState();
  useEffect(() => {
    void loadClients();
    if (supervised) void supervision.load();
  }, []);
  const all = supervised ? supervision.conversations.value : chat.clientConversations.value;
  const failed = supervised ? supervision.failed.value : chat.conversationsFailed.value;
  const retry = supervised ? supervision.load : chat.loadConversations;
  const selfId = me.value!.id;
  const list = all?.filter(
    (c) =>
      (filter.value === 'all' || supervised || c.unreadCount > 0 || c.id === selected.value) &&
      matches(c, selfId, search.value.trim()),
  );
  const current =
    selected.value !== null ? (all?.find((c) => c.id === selected.value) ?? null) : null;
  const client = current ? clientOf(current, selfId) : undefined;
  const advisor = current?.participants.find((p) => p.role === 'advisor');

  const back = (
    <button
      type="button"
      class="chat-head__back"
      onClick={backToList}
      aria-label="Retour aux conversations"
    >
      ←
    </button>
  );
  return (
    <div class={`inbox inbox--with-panel${current ? ' inbox--open' : ''}`}>
      <section class="panel inbox__list" aria-labelledby="inbox-title">
        <h2 id="inbox-title" class="panel__title">
          {supervised ? 'Conversations des clients' : 'Conversations clients'}
        </h2>
        <InboxFilters supervised={supervised} />
        {failed && !all ? (
          <LoadFailed onRetry={retry}>Les conversations n’ont pas pu être chargées.</LoadFailed>
        ) : !list ? (
          <p class="muted" aria-busy="true">
            Chargement…
          </p>
        ) : list.length === 0 ? (
          <p class="muted" data-testid="inbox-empty">
            {search.value.trim()
              ? 'Aucune conversation ne correspond à votre recherche.'
              : filter.value === 'unread' && !supervised
                ? 'Aucun message non lu : tout est à jour.'
                : 'Aucune conversation client pour le moment.'}
          </p>
        ) : (
          <ul class="inbox__items">
            {list.map((c) => (
              <InboxItem
                key={c.id}
                conv={c}
                active={c.id === current?.id}
                supervised={supervised}
              />
            ))}
          </ul>
        )}
      </section>
      <section
        class="panel chat-panel inbox__thread"
        aria-labelledby={current ? 'thread-title' : undefined}
        aria-label={current ? undefined : 'Conversation'}
      >
        {current && client && supervised ? (
          <SupervisedThread
            key={current.id}
            conversation={current}
            header={
              <PersonHeader
                person={client}
                role={advisor ? `Client de ${fullName(advisor)}` : 'Client'}
                titleId="thread-title"
                actions={back}
              />
            }
          />
        ) : current && client ? (
          <ConversationView
            key={current.id}
            conversationId={current.id}
            header={
              <PersonHeader person={client} role="Client" titleId="thread-title" actions={back} />
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
      {current && client && <ClientPanel key={client.id} clientId={client.id} />}
    </div>
  );
}

/** Opens a conversation in the inbox from elsewhere (the staff bell). */
export function showConversation(id: number) {
  filter.value = 'all';
  search.value = '';
  openConversation(id);
}
