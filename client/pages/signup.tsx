import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { Field, FormError, SubmitButton } from '../components/field';
import { PublicShell } from '../components/layout';
import { register } from '../state/session';
import { navigate } from '../router';
import { useSubmit } from './use-submit';
import { focusFirstInvalid } from '../components/feed/form-fields';

type Form = { firstName: string; lastName: string; email: string; password: string };

export function SignupPage() {
  const [form, setForm] = useState<Form>({ firstName: '', lastName: '', email: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<keyof Form, string>>>({});
  const { busy, error, submit } = useSubmit();
  const set = (key: keyof Form) => (e: { currentTarget: HTMLInputElement }) =>
    setForm({ ...form, [key]: e.currentTarget.value });

  const REQUIRED: Record<keyof Form, string> = {
    firstName: 'Prénom requis.',
    lastName: 'Nom requis.',
    email: 'Adresse e-mail requise.',
    password: 'Mot de passe requis.',
  };

  const signUp = (e: Event) => {
    const el = e.currentTarget as HTMLFormElement;
    const missing = Object.fromEntries(
      (Object.keys(REQUIRED) as (keyof Form)[])
        .filter((k) => !form[k].trim())
        .map((k) => [k, REQUIRED[k]]),
    );
    if (Object.keys(missing).length) {
      e.preventDefault();
      setErrors(missing);
      return focusFirstInvalid(el);
    }
    return submit(
      e,
      async () => {
        setErrors({});
        await register(form);
        navigate(`/inscription/verifiez?email=${encodeURIComponent(form.email.trim())}`);
      },
      (err) => {
        if (err instanceof ApiError && err.code === 'validation_failed') {
          setErrors(err.fields);
          focusFirstInvalid(el);
          return null; // shown by the fields
        }
        return err instanceof ApiError ? err.message : 'Inscription impossible.';
      },
    );
  };

  return (
    <PublicShell>
      <section class="card card--narrow" aria-labelledby="signup-title">
        <h1 id="signup-title">Ouvrir un compte AVENIR</h1>
        <p class="muted">
          Votre compte courant et son IBAN sont créés immédiatement, et un conseiller vous est
          attribué.
        </p>
        <form onSubmit={signUp} noValidate>
          <div class="row">
            <Field
              label="Prénom"
              name="firstName"
              autoComplete="given-name"
              required
              value={form.firstName}
              onInput={set('firstName')}
              error={errors.firstName}
            />
            <Field
              label="Nom"
              name="lastName"
              autoComplete="family-name"
              required
              value={form.lastName}
              onInput={set('lastName')}
              error={errors.lastName}
            />
          </div>
          <Field
            label="Adresse e-mail"
            type="email"
            name="email"
            autoComplete="email"
            required
            value={form.email}
            onInput={set('email')}
            error={errors.email}
          />
          <Field
            label="Mot de passe"
            type="password"
            name="password"
            autoComplete="new-password"
            required
            minLength={10}
            value={form.password}
            onInput={set('password')}
            error={errors.password}
            hint="Entre 10 et 128 caractères."
          />
          <FormError error={error} />
          <SubmitButton busy={busy} busyLabel={'Création…'} label={'Créer mon compte'} />
        </form>
        <p class="card__footer">
          Déjà client ? <a href="/connexion">Se connecter</a>
        </p>
      </section>
    </PublicShell>
  );
}
