import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { Field, FormError, SubmitButton } from '../components/field';
import { PasswordField } from '../components/password-field';
import { PublicShell } from '../components/layout';
import { register } from '../state/session';
import { navigate } from '../router';
import { useSubmit } from './use-submit';
import { focusFirstInvalid } from '../components/feed/form-fields';
import { SIGNUP_REQUIRED, signupProblems, toRegisterBody, type SignupForm } from './signup-rules';

const EMPTY: SignupForm = {
  civility: '',
  firstName: '',
  lastName: '',
  birthDate: '',
  email: '',
  phone: '',
  line1: '',
  line2: '',
  postalCode: '',
  city: '',
  password: '',
  acceptTerms: false,
};

/** The server names nested fields by path (`address.city`); the form's are flat. */
const flatField = (key: string) => key.replace(/^address\./, '');

export function SignupPage() {
  const [form, setForm] = useState<SignupForm>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof SignupForm, string>>>({});
  const { busy, error, submit } = useSubmit();
  const set = (key: keyof SignupForm) => (e: { currentTarget: HTMLInputElement }) => {
    const value =
      e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value;
    setForm({ ...form, [key]: value });
    if (errors[key]) setErrors({ ...errors, [key]: undefined });
  };
  const field = (key: keyof typeof SIGNUP_REQUIRED, label: string, extra: object = {}) => (
    <Field
      label={label}
      name={key}
      required
      value={form[key] as string}
      onInput={set(key)}
      error={errors[key]}
      {...extra}
    />
  );

  const signUp = (e: Event) => {
    const el = e.currentTarget as HTMLFormElement;
    const problems = signupProblems(form, new Date());
    if (Object.keys(problems).length) {
      e.preventDefault();
      setErrors(problems);
      return focusFirstInvalid(el);
    }
    return submit(
      e,
      async () => {
        setErrors({});
        await register(toRegisterBody(form));
        navigate(`/inscription/verifiez?email=${encodeURIComponent(form.email.trim())}`);
      },
      (err) => {
        if (err instanceof ApiError && err.code === 'validation_failed' && err.fields) {
          setErrors(
            Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [flatField(k), v])),
          );
          queueMicrotask(() => focusFirstInvalid(el));
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
          Votre compte courant et son IBAN sont créés dès la confirmation de votre adresse e-mail,
          et un conseiller vous est attribué. Tous les champs sont obligatoires, sauf le complément
          d’adresse.
        </p>
        <form onSubmit={signUp} noValidate>
          <fieldset
            class={`field choice${errors.civility ? ' field--error' : ''}`}
            aria-describedby={errors.civility ? 'civility-error' : undefined}
          >
            <legend>Civilité</legend>
            {(['madame', 'monsieur'] as const).map((c) => (
              <label key={c} class="choice__option">
                <input
                  type="radio"
                  name="civility"
                  value={c}
                  checked={form.civility === c}
                  aria-invalid={errors.civility ? 'true' : undefined}
                  onChange={set('civility')}
                />{' '}
                {c === 'madame' ? 'Madame' : 'Monsieur'}
              </label>
            ))}
            {errors.civility && (
              <p class="field__error" id="civility-error">
                {errors.civility}
              </p>
            )}
          </fieldset>
          <div class="row">
            {field('firstName', 'Prénom', { autoComplete: 'given-name' })}
            {field('lastName', 'Nom', { autoComplete: 'family-name' })}
          </div>
          {field('birthDate', 'Date de naissance', { type: 'date', autoComplete: 'bday' })}
          {field('email', 'Adresse e-mail', { type: 'email', autoComplete: 'email' })}
          {field('phone', 'Téléphone mobile', {
            type: 'tel',
            autoComplete: 'tel',
            hint: 'Par exemple 06 12 34 56 78.',
          })}
          {field('line1', 'Adresse', { autoComplete: 'address-line1' })}
          <Field
            label="Complément d’adresse (facultatif)"
            name="line2"
            autoComplete="address-line2"
            value={form.line2}
            onInput={set('line2')}
            error={errors.line2}
          />
          <div class="row">
            {field('postalCode', 'Code postal', {
              autoComplete: 'postal-code',
              inputMode: 'numeric',
              maxLength: 5,
            })}
            {field('city', 'Ville', { autoComplete: 'address-level2' })}
          </div>
          <PasswordField
            label="Mot de passe"
            name="password"
            autoComplete="new-password"
            required
            minLength={10}
            value={form.password}
            onInput={set('password')}
            error={errors.password}
            hint="Entre 10 et 128 caractères."
          />
          <div class={`field consent${errors.acceptTerms ? ' field--error' : ''}`}>
            <label class="consent__label">
              <input
                type="checkbox"
                name="acceptTerms"
                checked={form.acceptTerms}
                required
                aria-invalid={errors.acceptTerms ? 'true' : undefined}
                aria-describedby={errors.acceptTerms ? 'terms-error' : undefined}
                onChange={set('acceptTerms')}
              />{' '}
              <span>
                J’accepte les{' '}
                <a href="/conditions" target="_blank" rel="noopener">
                  conditions générales
                </a>{' '}
                et la{' '}
                <a href="/confidentialite" target="_blank" rel="noopener">
                  politique de confidentialité
                </a>
                .
              </span>
            </label>
            {errors.acceptTerms && (
              <p class="field__error" id="terms-error">
                {errors.acceptTerms}
              </p>
            )}
          </div>
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
