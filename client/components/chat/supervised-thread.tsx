import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { useAppState } from '../../state/app-state';
import type { ChatItem } from '../../state/chat';
import type { ConversationView } from '../../types';
import { LoadFailed } from '../load-failed';
import { dayLabel } from './conversation';
import { MessageBubble } from './message-bubble';

/**
 * The director's read-only view of a client conversation: the history, kept up to
 * date while shown, the advisor's side on the right. No composer: only the client
 * and their advisor write here.
 */
export function SupervisedThread({
  conversation,
  header,
}: {
  conversation: ConversationView;
  header: ComponentChildren;
}) {
  const { supervision } = useAppState();
  useEffect(() => {
    supervision.view(conversation.id);
    return () => supervision.view(null);
  }, [conversation.id]);
  const thread = supervision.thread.value;
  const ref = useRef<HTMLDivElement>(null);
  const count = thread?.messages.length ?? 0;
  useLayoutEffect(() => {
    if (ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [count]);
  const items: ChatItem[] = (thread?.messages ?? []).map((m) => ({
    key: `m${m.id}`,
    id: m.id,
    sender: m.sender,
    body: m.body,
    createdAt: m.createdAt,
    clientId: m.clientId,
    mine: m.sender.role !== 'client',
  }));
  let lastDay = '';
  return (
    <div class="chat" data-testid="supervised-thread">
      <header class="chat__header">{header}</header>
      <div class="chat__body">
        <div
          class="chat__scroll"
          ref={ref}
          tabIndex={0}
          role="region"
          aria-label="Historique des messages"
          data-testid="chat-messages"
        >
          {thread?.failed ? (
            <LoadFailed class="chat__placeholder" onRetry={supervision.retry}>
              La conversation n’a pas pu être chargée.
            </LoadFailed>
          ) : thread && count === 0 ? (
            <p class="chat__placeholder">Aucun message pour le moment.</p>
          ) : null}
          <ol class="chat__list">
            {items.map((item, i) => {
              const day = dayLabel(item.createdAt);
              const newDay = day !== lastDay;
              lastDay = day;
              return [
                newDay && (
                  <li class="chat__day" key={`d-${day}`}>
                    <span>{day}</span>
                  </li>
                ),
                <MessageBubble
                  key={item.key}
                  conversationId={conversation.id}
                  item={item}
                  first={newDay || items[i - 1]?.sender.id !== item.sender.id}
                  showSender
                />,
              ];
            })}
          </ol>
        </div>
      </div>
      <p class="supervision-note" data-testid="supervision-note">
        Lecture seule : seuls le client et son conseiller écrivent dans cette conversation.
      </p>
    </div>
  );
}
