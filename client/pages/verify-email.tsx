import { useEffect, useState } from 'preact/hooks';
import { PublicShell } from '../components/layout';
import { verifyEmail } from '../state/session';
import { navigate } from '../router';

export function VerifyEmailPage() {
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const token = new URLSearchParams(location.search).get('token') ?? '';
    // the token leaves the address bar (and the history) at once
    history.replaceState(null, '', '/verify-email');
    verifyEmail(token).then(
      () => navigate('/', { replace: true }),
      () => setFailed(true),
    );
  }, []);
  return (
    <PublicShell>
      <section class="card card--narrow" aria-live="polite" aria-labelledby="verify-title">
        {failed ? (
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
