import { LineIcon } from './line-icon';
import { useState } from 'preact/hooks';
import { logout, type SignOutScope } from '../state/session';
import { navigate } from '../router';
import './sign-out.css';

/**
 * « Se déconnecter », and behind a disclosure « Se déconnecter de tous les
 * appareils ». The login page shows only once the server confirmed the sign-out;
 * when it cannot be reached the person is told so and can retry (the sign-out
 * also stays pending for the next start, see state/session).
 */
export function SignOut() {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<SignOutScope | null>(null);
  const signOut = async (scope: SignOutScope) => {
    setBusy(true);
    try {
      await logout(scope);
      navigate('/connexion', { replace: true });
    } catch {
      setFailed(scope);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="sign-out">
      <button
        type="button"
        class="btn btn--ghost topbar__logout"
        disabled={busy}
        onClick={() => signOut('this')}
      >
        <LineIcon size={20}>
          <path d="M10 5H5v14h5M15 8l4 4-4 4M19 12H9" />
        </LineIcon>
        <span class="topbar__logout-text">Se déconnecter</span>
      </button>
      <details class="sign-out__more">
        <summary class="btn btn--ghost" title="Autres options de déconnexion">
          <span class="sign-out__chevron" aria-hidden="true" />
          <span class="visually-hidden">Autres options de déconnexion</span>
        </summary>
        <div class="sign-out__menu">
          <button
            type="button"
            class="btn btn--ghost btn--block"
            disabled={busy}
            onClick={() => signOut('all')}
          >
            Se déconnecter de tous les appareils
          </button>
        </div>
      </details>
      {failed && (
        <div class="alert alert--error sign-out__alert" role="alert">
          <p>
            La déconnexion a échoué : le serveur est injoignable. Vous êtes toujours connecté sur
            cet appareil.
          </p>
          <button
            type="button"
            class="btn btn--ghost btn--small"
            disabled={busy}
            onClick={() => signOut(failed)}
          >
            {busy ? 'Nouvel essai…' : 'Réessayer'}
          </button>
        </div>
      )}
    </div>
  );
}
