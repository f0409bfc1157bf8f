import { useLayoutEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { Field, FormError, SubmitButton } from '../components/field';
import { PublicShell } from '../components/layout';
import { resetPassword } from '../state/session';
import { useSubmit } from './use-submit';

type Outcome = 'form' | 'done' | 'invalid';

/** The mailed link's page: a new password for the account; every session of it then ends. */
export function ResetPasswordPage() {
  const [token] = useState(() => new URLSearchParams(location.search).get('token') ?? '');
  useLayoutEffect(() => {
    // the token leaves the address bar (and the history) at once
    history.replaceState(null, '', '/reset-password');
  }, []);
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ password?: string; confirmation?: string }>({});
  const [outcome, setOutcome] = useState<Outcome>(token ? 'form' : 'invalid');
  const { busy, error, submit } = useSubmit();
  const save = (e: Event) =>
    submit(
      e,
      async () => {
        setFieldErrors({});
        if (password !== confirmation) {
          setFieldErrors({ confirmation: 'Les deux mots de passe diffèrent.' });
          return;
        }
        await resetPassword(token, password);
        setOutcome('done');
      },
      (err) => {
        if (err instanceof ApiError && err.code === 'invalid_token') {
          setOutcome('invalid');
          return null;
        }
        if (err instanceof ApiError && err.code === 'validation_failed') {
          setFieldErrors({ password: err.fields.password ?? err.message });
          return null;
        }
        return err instanceof ApiError ? err.message : 'Enregistrement impossible.';
      },
    );
  return (
    <PublicShell>
      <section class="card card--narrow" aria-labelledby="reset-title" aria-live="polite">
        {outcome === 'done' ? (
          <>
            <h1 id="reset-title">Mot de passe modifié</h1>
            <p>
              Votre nouveau mot de passe est enregistré. Par sécurité, toutes vos sessions ont été
              fermées : connectez-vous à nouveau.
            </p>
            <a class="btn btn--primary" href="/connexion">
              Me connecter
            </a>
          </>
        ) : outcome === 'invalid' ? (
          <>
            <h1 id="reset-title">Lien invalide ou expiré</h1>
            <p>
              Ce lien a déjà servi ou n’est plus valable (il l’est une heure). Demandez-en un
              nouveau.
            </p>
            <a class="btn btn--primary" href="/mot-de-passe-oublie">
              Recevoir un nouveau lien
            </a>
          </>
        ) : (
          <>
            <h1 id="reset-title">Choisissez un nouveau mot de passe</h1>
            <form onSubmit={save} noValidate>
              <Field
                label="Nouveau mot de passe"
                type="password"
                name="password"
                autoComplete="new-password"
                required
                minLength={10}
                hint="Au moins 10 caractères."
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
                error={fieldErrors.password}
              />
              <Field
                label="Confirmez le mot de passe"
                type="password"
                name="confirmation"
                autoComplete="new-password"
                required
                value={confirmation}
                onInput={(e) => setConfirmation(e.currentTarget.value)}
                error={fieldErrors.confirmation}
              />
              <FormError error={error} />
              <SubmitButton
                busy={busy}
                busyLabel={'Enregistrement…'}
                label={'Enregistrer le mot de passe'}
              />
            </form>
          </>
        )}
      </section>
    </PublicShell>
  );
}
