import { ConversationView } from './conversation';
import { PersonHeader } from './chat-header';
import { useAppState } from '../../state/app-state';
import { typingSentence } from './typing-label';
import { roleLabel } from '../../format';
import { me } from '../../state/session';
import { LoadFailed } from '../load-failed';
import './chat.css';

/** The client's private chat with their advisor. */
export function ClientChatPanel() {
  const user = me.value!;
  const { conversations, conversationsFailed, loadConversations, privateConversation } =
    useAppState().chat;
  const conv = privateConversation.value;
  const advisor = conv?.participants.find((p) => p.id !== user.id);
  return (
    <section class="panel chat-panel" aria-labelledby="chat-title" data-testid="client-chat">
      {conv && advisor ? (
        <ConversationView
          conversationId={conv.id}
          header={
            <PersonHeader
              person={advisor}
              role={`Votre ${roleLabel(advisor).toLowerCase()}`}
              titleId="chat-title"
            />
          }
          typingLabel={typingSentence}
          emptyText={`Posez votre question : ${advisor.firstName} vous répond ici, en direct.`}
        />
      ) : (
        <div class="chat-panel__empty">
          <h2 id="chat-title" class="panel__title">
            Messagerie
          </h2>
          {conversationsFailed.value ? (
            <LoadFailed onRetry={loadConversations}>
              La messagerie n’a pas pu être chargée.
            </LoadFailed>
          ) : !conversations.value ? (
            <p class="muted" aria-busy="true">
              Chargement de la messagerie…
            </p>
          ) : (
            <p class="muted">
              Un conseiller vous sera attribué très bientôt ; vous pourrez alors lui écrire ici.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
