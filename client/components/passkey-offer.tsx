import { useEffect, useState } from 'preact/hooks';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { me } from '../state/session';
import { loadPasskeys, passkeys } from '../state/sca';
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
  useEffect(() => {
    if (!hidden && passkeys.value === null) void loadPasskeys().catch(() => {});
  }, [hidden]);
  if (hidden || !user || !browserSupportsWebAuthn() || passkeys.value?.length !== 0) return null;
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
