import type { ComponentChildren } from 'preact';
import { Avatar } from '../avatar';
import { useAppState } from '../../state/app-state';
import { fullName } from '../../format';
import type { UserSummary } from '../../types';

/** The person on the other side of a private conversation, with their presence in words and as a dot. */
export function PersonHeader({
  person,
  role,
  titleId,
  actions,
}: {
  person: UserSummary;
  role: string;
  titleId?: string;
  actions?: ComponentChildren;
}) {
  const online = useAppState().chat.isOnline(person.id);
  return (
    <div class="chat-head">
      {actions}
      <Avatar user={person} online={online} />
      <div class="chat-head__text">
        <h2 class="chat-head__name" id={titleId} tabIndex={-1}>
          {fullName(person)}
        </h2>
        <p class="chat-head__sub">
          <span
            class={`chat-head__presence${online ? ' chat-head__presence--on' : ''}`}
            data-testid="presence"
          >
            {online ? 'En ligne' : 'Hors ligne'}
          </span>
          <span aria-hidden="true"> · </span>
          {role}
        </p>
      </div>
    </div>
  );
}
