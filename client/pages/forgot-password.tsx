import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { Field, FormError, SubmitButton } from '../components/field';
import { PublicShell, DevMailboxNote } from '../components/layout';
import { requestPasswordReset } from '../state/session';
import { query } from '../router';
import { useSubmit } from './use-submit';

/** « Mot de passe oublié ? »: asks for a reset link; the answer never says whether the address has an account. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState(query.value.get('email') ?? '');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { busy, error, submit } = useSubmit();
  const send = (e: Event) =>
    submit(
      e,
      async () => {
        await requestPasswordReset(email.trim());
        setSentTo(email.trim());
      },
      (err) =>
        err instanceof ApiError && err.code === 'validation_failed'
          ? 'Adresse e-mail invalide.'
          : err instanceof ApiError
            ? err.message
            : 'Envoi impossible.',
    );
  return (
    <PublicShell>
      <section class="card card--narrow" aria-labelledby="forgot-title">
        <h1 id="forgot-title">Mot de passe oublié</h1>
        {sentTo ? (
          <div aria-live="polite">
            <p>
              Si un espace AVENIR existe pour <strong>{sentTo}</strong>, un lien pour choisir un
              nouveau mot de passe vient d’y être envoyé. Il est valable une heure et ne sert qu’une
              fois.
            </p>
            <DevMailboxNote />
          </div>
        ) : (
          <form onSubmit={send} noValidate>
            <p class="muted">
              Indiquez l’adresse e-mail de votre espace : nous vous enverrons un lien pour choisir
              un nouveau mot de passe.
            </p>
            <Field
              label="Adresse e-mail"
              type="email"
              name="email"
              autoComplete="email"
              required
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
            <FormError error={error} />
            <SubmitButton busy={busy} busyLabel={'Envoi…'} label={'Recevoir le lien'} />
          </form>
        )}
        <p class="card__footer">
          <a href="/connexion">Retour à la connexion</a>
        </p>
      </section>
    </PublicShell>
  );
}
