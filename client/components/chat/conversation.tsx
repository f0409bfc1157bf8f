import type { ComponentChildren } from 'preact';
import { useSignal } from '@preact/signals';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { useAppState } from '../../state/app-state';
import type { ChatItem } from '../../state/chat';
import { LoadFailed } from '../load-failed';
import { Composer } from './composer';
import { MessageBubble } from './message-bubble';
import type { UserSummary } from '../../types';
import './chat.css';

const dayFormat = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});

/** « Aujourd’hui », « Hier », « Lundi 30 novembre ». */
export function dayLabel(iso: string) {
  const d = new Date(iso);
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (d.toDateString() === today.toDateString()) return 'Aujourd’hui';
  if (d.toDateString() === yesterday.toDateString()) return 'Hier';
  const label = dayFormat.format(d);
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** Consecutive messages of one sender within this span are drawn as one group (one name, tighter bubbles). */
const GROUP_SPAN_MS = 5 * 60_000;

function startsGroup(item: ChatItem, prev: ChatItem | undefined) {
  if (!prev || prev.sender.id !== item.sender.id) return true;
  return new Date(item.createdAt).getTime() - new Date(prev.createdAt).getTime() > GROUP_SPAN_MS;
}

type Props = {
  conversationId: number;
  header: ComponentChildren;
  /** The words under the thread while others type (« Julien est en train d’écrire… »). */
  typingLabel: (people: UserSummary[]) => string;
  /** Group chats name the sender above their messages. */
  showSenders?: boolean;
  emptyText?: string;
};

/** A conversation: its header, the history (infinite scroll upward), who is typing, the composer. */
export function ConversationView({
  conversationId,
  header,
  typingLabel,
  showSenders = false,
  emptyText,
}: Props) {
  const { lastIncoming, openThread, setViewing, typingIn } = useAppState().chat;
  useEffect(() => {
    void openThread(conversationId);
    setViewing(conversationId);
    return () => setViewing(null);
  }, [conversationId]);

  const typing = typingIn(conversationId);
  const announce = lastIncoming.value;
  return (
    <div class="chat">
      <header class="chat__header">{header}</header>
      <MessageList
        conversationId={conversationId}
        showSenders={showSenders}
        emptyText={emptyText}
      />
      <div class="chat__typing">
        {typing.length > 0 && (
          <p class="typing" data-testid="typing-indicator">
            <span class="typing__dots" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            {typingLabel(typing)}
          </p>
        )}
      </div>
      {/* New incoming messages, read out by screen readers; the list itself stays quiet (older pages, acks). */}
      <div
        class="visually-hidden"
        aria-live="polite"
        aria-atomic="true"
        data-testid="chat-announcer"
      >
        {/* A fresh node per message, so the same words said twice are announced twice. */}
        {announce && announce.conversationId === conversationId && (
          <p key={announce.seq}>{announce.text}</p>
        )}
      </div>
      <Composer conversationId={conversationId} />
    </div>
  );
}

function MessageList({
  conversationId,
  showSenders,
  emptyText,
}: {
  conversationId: number;
  showSenders: boolean;
  emptyText?: string;
}) {
  const { loadOlder, openThread, threadItems, threadState, unreadDividerAfter } =
    useAppState().chat;
  const items = threadItems(conversationId);
  const state = threadState(conversationId);
  const unreadAfter = unreadDividerAfter(conversationId);
  const firstUnread =
    unreadAfter === null
      ? undefined
      : items.find((i) => !i.mine && i.id !== null && i.id > unreadAfter)?.key;
  const listRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const prev = useRef<{ first?: string; last?: string; height: number }>({ height: 0 });
  const unseen = useSignal(false);

  const first = items[0]?.key;
  const last = items.at(-1)?.key;

  // Keep the view where the reader expects it: at the bottom for new messages (when they were there or
  // just sent one), still on the same message when older ones are added above.
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const p = prev.current;
    if (p.first && first !== p.first && last === p.last) {
      el.scrollTop += el.scrollHeight - p.height;
    } else if (last !== p.last) {
      if (!p.last || atBottom.current || items.at(-1)?.mine) {
        el.scrollTop = el.scrollHeight;
        atBottom.current = true;
      } else {
        unseen.value = true;
      }
    }
    prev.current = { first, last, height: el.scrollHeight };
    // A first page too short to scroll cannot trigger the upward loading: fetch more now.
    if (state.hasMore && !state.loading && el.scrollHeight <= el.clientHeight)
      void loadOlder(conversationId);
  });

  function onScroll() {
    const el = listRef.current!;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    if (atBottom.current && unseen.value) unseen.value = false;
    if (el.scrollTop < 160 && state.hasMore && !state.loading) void loadOlder(conversationId);
  }

  function jumpToEnd() {
    const el = listRef.current!;
    const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
    el.scrollTo({ top: el.scrollHeight, behavior: still ? 'auto' : 'smooth' });
    unseen.value = false;
  }

  let lastDay = '';
  return (
    <div class="chat__body">
      <div
        class="chat__scroll"
        ref={listRef}
        onScroll={onScroll}
        tabIndex={0}
        role="region"
        aria-label="Historique des messages"
        data-testid="chat-messages"
        aria-busy={state.loading ? 'true' : undefined}
      >
        {state.hasMore && (
          <div class="chat__older">
            <button
              type="button"
              class="btn btn--small btn--ghost"
              disabled={!!state.loading}
              onClick={() => void loadOlder(conversationId)}
            >
              {state.loading === 'older' ? 'Chargement…' : 'Messages précédents'}
            </button>
          </div>
        )}
        {!state.loaded && !state.failed && items.length === 0 && (
          <p class="chat__placeholder" aria-busy="true">
            Chargement de la conversation…
          </p>
        )}
        {state.failed && (
          <LoadFailed class="chat__placeholder" onRetry={() => openThread(conversationId)}>
            La conversation n’a pas pu être chargée.
          </LoadFailed>
        )}
        {state.loaded && items.length === 0 && (
          <p class="chat__placeholder">{emptyText ?? 'Aucun message pour le moment.'}</p>
        )}
        <ol class="chat__list">
          {items.map((item, i) => {
            const day = dayLabel(item.createdAt);
            const newDay = day !== lastDay;
            lastDay = day;
            return [
              newDay && (
                <li class="chat__day" key={`d-${day}-${item.key}`}>
                  <span>{day}</span>
                </li>
              ),
              item.key === firstUnread && (
                <li class="chat__unread" key="unread-divider" data-testid="unread-divider">
                  <span>Non lus</span>
                </li>
              ),
              <MessageBubble
                key={item.key}
                conversationId={conversationId}
                item={item}
                first={newDay || startsGroup(item, items[i - 1])}
                showSender={showSenders}
              />,
            ];
          })}
        </ol>
      </div>
      {unseen.value && (
        <button type="button" class="chat__jump" onClick={jumpToEnd}>
          Nouveaux messages ↓
        </button>
      )}
    </div>
  );
}
