import { useState } from 'preact/hooks';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { me } from '../state/session';
import { passkeys } from '../state/sca';
import { AddPasskeyForm } from '../pages/security';

const dismissedKey = (userId: number) => `avenir.passkey-offer.${userId}`;

/**
 * After sign-in, a client without a passkey is offered to add one (skippable:
 * « Plus tard » hides it on this device; « Sécurité » keeps reminding).
 */
export function PasskeyOffer() {
  const user = me.value;
  const [hidden, setHidden] = useState(
    () => !user || localStorage.getItem(dismissedKey(user.id)) === '1',
  );
  const [adding, setAdding] = useState(false);
  // The list once this tab loaded it (added or removed since), else the count /api/me gave.
  const count = passkeys.value?.length ?? user?.passkeys;
  if (hidden || !user || !browserSupportsWebAuthn() || count !== 0) return null;
  return (
    <section class="panel passkey-offer" aria-labelledby="passkey-offer-title">
      <h2 id="passkey-offer-title" class="panel__title">
        Connectez-vous avec une clé d’accès
      </h2>
      <p>
        Plus besoin de mot de passe : votre empreinte, votre visage ou le code de ce téléphone
        suffisent pour vous connecter et confirmer vos virements.
      </p>
      {adding ? (
        <AddPasskeyForm onDone={() => setHidden(true)} />
      ) : (
        <div class="form-buttons">
          <button type="button" class="btn btn--primary btn--small" onClick={() => setAdding(true)}>
            Ajouter une clé d’accès
          </button>
          <button
            type="button"
            class="btn btn--ghost btn--small"
            onClick={() => {
              localStorage.setItem(dismissedKey(user.id), '1');
              setHidden(true);
            }}
          >
            Plus tard
          </button>
        </div>
      )}
    </section>
  );
}
