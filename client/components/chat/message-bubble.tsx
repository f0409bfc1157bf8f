import { useAppState } from '../../state/app-state';
import type { ChatItem } from '../../state/chat';
import { formatMessageTime, fullName, roleLabel } from '../../format';
import { now } from '../../state/clock';

const STATUS_TEXT = {
  pending: 'Envoi en cours',
  sent: 'Envoyé',
  read: 'Lu',
  failed: 'Échec de l’envoi',
} as const;

/** The delivery state of an own message: a clock, one tick (stored), two ticks (read), or a warning. */
function StatusMark({ item }: { item: ChatItem }) {
  const status = item.status!;
  const readers = item.readBy?.length
    ? `Lu par ${item.readBy.map(fullName).join(', ')}`
    : undefined;
  return (
    <span class={`tick tick--${status}`} title={status === 'read' ? readers : undefined}>
      <svg viewBox="0 0 20 12" width="18" height="11" aria-hidden="true">
        {status === 'pending' && (
          <g fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round">
            <circle cx="10" cy="6" r="4.6" />
            <path d="M10 3.6V6l1.6 1.2" />
          </g>
        )}
        {(status === 'sent' || status === 'read') && (
          <path
            d="M1.5 6.5 5 10l7-8"
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
            stroke-linejoin="round"
          />
        )}
        {status === 'read' && (
          <path
            d="M8.5 9 9.5 10l7-8"
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
            stroke-linejoin="round"
          />
        )}
        {status === 'failed' && (
          <g fill="currentColor">
            <path d="M10 .8 19 11.2H1z" />
            <rect x="9.2" y="4" width="1.6" height="4" fill="#fff" />
            <rect x="9.2" y="9" width="1.6" height="1.4" fill="#fff" />
          </g>
        )}
      </svg>
      <span class="tick__text">{STATUS_TEXT[status]}</span>
    </span>
  );
}

type Props = { conversationId: number; item: ChatItem; first: boolean; showSender: boolean };

/** One message: own ones on the right in blue, the others' on the left; the director's marked in words too. */
export function MessageBubble({ conversationId, item, first, showSender }: Props) {
  const { chat } = useAppState();
  const director = item.sender.role === 'director';
  const classes = [
    'msg',
    item.mine ? 'msg--mine' : 'msg--theirs',
    director && 'msg--director',
    first && 'msg--first',
  ]
    .filter(Boolean)
    .join(' ');
  // Supervision draws the advisor's side as "mine" without a status: their name still shows.
  const nameRow = item.mine
    ? !item.status && showSender && first
    : director || (showSender && first);
  return (
    <li
      class={classes}
      data-testid="chat-message"
      data-role={item.sender.role}
      data-status={item.status}
      data-message-id={item.id ?? undefined}
    >
      {nameRow && (
        <p class="msg__sender">
          <span>{fullName(item.sender)}</span>
          {director && <span class="badge-director">{roleLabel(item.sender)}</span>}
        </p>
      )}
      <div class="msg__bubble">
        <span class="visually-hidden">{item.mine ? 'Vous' : fullName(item.sender)} : </span>
        <span class="msg__body">{item.body}</span>
        <span class="msg__meta">
          {item.mine && director && (
            <span class="badge-director badge-director--small">{roleLabel(item.sender)}</span>
          )}
          <time dateTime={item.createdAt}>{formatMessageTime(item.createdAt, now.value)}</time>
          {item.status && <StatusMark item={item} />}
        </span>
      </div>
      {item.status === 'failed' && (
        <p class="msg__error" role="alert">
          {item.error ?? 'Le message n’a pas pu être envoyé.'}{' '}
          <button
            type="button"
            class="msg__retry"
            onClick={() => chat.retryMessage(conversationId, item.clientId)}
          >
            Réessayer
          </button>
        </p>
      )}
    </li>
  );
}
