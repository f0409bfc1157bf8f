import { useState } from 'preact/hooks';
import { me } from '../state/session';
import { useAppState } from '../state/app-state';
import { fullName, roleLabel } from '../format';
import { isWide } from '../state/viewport';
import { CloseIcon } from './close-icon';
import './staff/staff.css';

const KEY = (id: number) => `avenir.welcomed.${id}`;

/**
 * A welcome on the client's first arrival: nothing has happened in their space yet (no
 * message with their advisor) and they have not closed it on this browser.
 */
export function Welcome() {
  const user = me.value;
  const conv = useAppState().chat.privateConversation.value;
  const [shown, setShown] = useState(() => !!user && !localStorage.getItem(KEY(user.id)));
  if (!user || !shown || !conv || conv.lastMessage) return null;
  const dismiss = () => {
    localStorage.setItem(KEY(user.id), '1');
    setShown(false);
  };
  return (
    <section
      class="alert alert--info welcome"
      aria-labelledby="welcome-title"
      data-testid="welcome"
    >
      <button
        type="button"
        class="icon-button welcome__close"
        aria-label="Fermer"
        onClick={dismiss}
      >
        <CloseIcon />
      </button>
      <h2 id="welcome-title" class="welcome__title">
        Bienvenue chez AVENIR, {user.firstName} !
      </h2>
      <p>
        Votre compte courant et son IBAN sont prêts.
        {user.advisor
          ? ` ${fullName(user.advisor)}, votre ${roleLabel(user.advisor).toLowerCase()}, vous répond en direct ${
              // On a phone the chat is the « Messages » tab, not on this page.
              isWide.value ? 'dans la messagerie à droite' : 'dans l’onglet « Messages »'
            }.`
          : ' Un conseiller vous sera attribué très bientôt.'}{' '}
        Activez les notifications depuis la cloche pour ne rien manquer.
      </p>
      <button type="button" class="btn btn--small btn--primary" onClick={dismiss}>
        C’est parti
      </button>
    </section>
  );
}
