import { useSignal } from '@preact/signals';
import { PublicShell, DevMailboxNote } from '../components/layout';
import { resendVerification } from '../state/session';
import { query } from '../router';

export function CheckInboxPage() {
  const email = query.value.get('email') ?? '';
  const sent = useSignal(false);
  return (
    <PublicShell>
      <section class="card card--narrow" aria-labelledby="inbox-title">
        <h1 id="inbox-title">Vérifiez votre boîte de réception</h1>
        <p>
          Nous avons envoyé un lien de confirmation
          {email ? (
            <>
              {' '}
              à <strong>{email}</strong>
            </>
          ) : null}
          . Ouvrez-le pour activer votre espace : il est valable 24 heures.
        </p>
        <DevMailboxNote />
        {email && (
          <p aria-live="polite">
            {sent.value ? (
              'Un nouveau lien vient de vous être envoyé.'
            ) : (
              <button
                type="button"
                class="btn btn--ghost"
                onClick={async () => {
                  await resendVerification(email).catch(() => {});
                  sent.value = true;
                }}
              >
                Renvoyer le lien
              </button>
            )}
          </p>
        )}
        <p class="card__footer">
          <a href="/connexion">Retour à la connexion</a>
        </p>
      </section>
    </PublicShell>
  );
}
