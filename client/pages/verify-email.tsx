import { useEffect } from 'preact/hooks';
import { useSignal } from '@preact/signals';
import { PublicShell } from '../components/layout';
import { loadMe, me, verifyEmail } from '../state/session';
import { navigate } from '../router';
import { takeDeepLink } from '../deep-link';

export function VerifyEmailPage() {
  const failed = useSignal(false);
  useEffect(() => {
    const token = new URLSearchParams(location.search).get('token') ?? '';
    // the token leaves the address bar (and the history) at once
    history.replaceState(null, '', '/verify-email');
    verifyEmail(token).then(
      () => navigate(takeDeepLink(), { replace: true }), // a deep link kept before sign-up
      // A used link opened again while signed in: the address is confirmed already.
      () => loadMe().finally(() => (failed.value = true)),
    );
  }, []);
  const user = failed.value ? me.value : null;
  return (
    <PublicShell>
      <section class="card card--narrow" aria-live="polite" aria-labelledby="verify-title">
        {failed.value && user ? (
          <>
            <h1 id="verify-title">Adresse déjà confirmée</h1>
            <p>
              Votre adresse <strong>{user.email}</strong> est déjà confirmée : ce lien a servi.
              Votre espace vous attend.
            </p>
            <a class="btn btn--primary" href="/">
              Aller à mon espace
            </a>
          </>
        ) : failed.value ? (
          <>
            <h1 id="verify-title">Lien invalide ou expiré</h1>
            <p>
              Ce lien de confirmation a déjà servi ou n’est plus valable. Connectez-vous pour en
              recevoir un nouveau.
            </p>
            <a class="btn btn--primary" href="/connexion">
              Aller à la connexion
            </a>
          </>
        ) : (
          <>
            <h1 id="verify-title">Confirmation en cours…</h1>
            <p>Nous activons votre espace.</p>
          </>
        )}
      </section>
    </PublicShell>
  );
}
