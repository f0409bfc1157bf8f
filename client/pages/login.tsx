import { useEffect, useState } from 'preact/hooks';
import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  WebAuthnAbortService,
} from '@simplewebauthn/browser';
import { signInWithPasskey } from '../state/sca';
import { ApiError } from '../api';
import { Field, FormError, SubmitButton } from '../components/field';
import { PublicShell } from '../components/layout';
import { login } from '../state/session';
import { navigate } from '../router';
import { takeDeepLink } from '../deep-link';
import { useSubmit } from './use-submit';
import { focusFirstInvalid } from '../components/feed/form-fields';

export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [unverified, setUnverified] = useState(false);
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const { busy, error, submit } = useSubmit();
  const passkey = useSubmit();

  // Conditional UI: where the browser offers it, the e-mail field proposes this device's passkeys.
  useEffect(() => {
    let live = true;
    void browserSupportsWebAuthnAutofill().then((ok) => {
      if (ok && live)
        signInWithPasskey(true).then(
          () => navigate('/', { replace: true }),
          () => {}, // dismissed, aborted by the button below, or no passkey here: nothing to say
        );
    });
    return () => {
      live = false;
      WebAuthnAbortService.cancelCeremony();
    };
  }, []);

  const signInWithKey = (e: Event) =>
    passkey.submit(
      e,
      async () => {
        await signInWithPasskey();
        navigate('/', { replace: true });
      },
      (err) => {
        const name = (err as { name?: string })?.name;
        if (name === 'NotAllowedError' || name === 'AbortError')
          return 'Connexion par clé d’accès annulée ou délai dépassé.';
        if (err instanceof ApiError && err.code === 'invalid_credentials')
          return 'Cette clé d’accès n’est pas reconnue. Connectez-vous avec votre mot de passe.';
        return err instanceof ApiError ? err.message : 'Connexion par clé d’accès impossible.';
      },
    );

  const signIn = (e: Event) => {
    const missing = {
      email: email.trim() ? undefined : 'Adresse e-mail requise.',
      password: password ? undefined : 'Mot de passe requis.',
    };
    setErrors(missing);
    if (missing.email || missing.password) {
      e.preventDefault();
      return focusFirstInvalid(e.currentTarget as HTMLFormElement);
    }
    return submit(
      e,
      async () => {
        setUnverified(false);
        await login(email, password);
        // Where they were going before the sign-in asked for them (a deep link), else home.
        navigate(takeDeepLink(new URLSearchParams(location.search).get('next')), {
          replace: true,
        });
      },
      (err) => {
        const apiErr = err instanceof ApiError ? err : null;
        if (apiErr?.code === 'email_not_verified') setUnverified(true);
        return apiErr?.code === 'invalid_credentials'
          ? 'E-mail ou mot de passe incorrect.'
          : apiErr?.code === 'rate_limited'
            ? 'Trop de tentatives. Réessayez dans quelques minutes.'
            : (apiErr?.message ?? 'Connexion impossible.');
      },
    );
  };

  return (
    <PublicShell>
      <section class="card card--narrow" aria-labelledby="login-title">
        <h1 id="login-title">Connexion à votre espace</h1>
        <form onSubmit={signIn} noValidate>
          <Field
            label="Adresse e-mail"
            type="email"
            name="email"
            autoComplete="email webauthn"
            required
            value={email}
            error={errors.email}
            onInput={(e) => {
              setEmail(e.currentTarget.value);
              setErrors({ ...errors, email: undefined });
            }}
          />
          <Field
            label="Mot de passe"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            error={errors.password}
            onInput={(e) => {
              setPassword(e.currentTarget.value);
              setErrors({ ...errors, password: undefined });
            }}
          />
          <FormError error={error}>
            {unverified && (
              <>
                {' '}
                <a href={`/inscription/verifiez?email=${encodeURIComponent(email)}`}>
                  Renvoyer le lien de confirmation
                </a>
              </>
            )}
          </FormError>
          <SubmitButton busy={busy} busyLabel={'Connexion…'} label={'Se connecter'} />
          <p class="login__forgot">
            <a href={`/mot-de-passe-oublie${email ? `?email=${encodeURIComponent(email)}` : ''}`}>
              Mot de passe oublié ?
            </a>
          </p>
        </form>
        {browserSupportsWebAuthn() && (
          <div class="login__passkey">
            <p class="login__or">ou</p>
            <FormError error={passkey.error} />
            <button
              class="btn btn--ghost btn--block"
              type="button"
              disabled={passkey.busy}
              onClick={signInWithKey}
            >
              {passkey.busy
                ? 'En attente de votre clé d’accès…'
                : 'Se connecter avec une clé d’accès'}
            </button>
          </div>
        )}
        <p class="card__footer">
          Pas encore client ? <a href="/inscription">Ouvrir un compte</a>
        </p>
      </section>
    </PublicShell>
  );
}
