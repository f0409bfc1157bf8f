import { useEffect, useState } from 'preact/hooks';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { ApiError } from '../api';
import { Field, FormError } from '../components/field';
import { formatShortDate, formatWhen } from '../format';
import {
  addPasskey,
  changePassword,
  deviceSessions,
  endSession,
  loadPasskeys,
  loadSessions,
  passkeys,
  removePasskey,
} from '../state/sca';
import { useSubmit } from './use-submit';
import { PASSKEY_NAME_MAX_CHARS } from '../../src/auth/limits';

const METHODS = { password: 'mot de passe', passkey: 'clé d’accès', email_link: 'lien par e-mail' };

const errorText = (e: unknown, fallback: string) => {
  const name = (e as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'AbortError')
    return 'Création annulée ou délai dépassé : aucune clé d’accès n’a été ajoutée.';
  if (name === 'InvalidStateError') return 'Cet appareil a déjà une clé d’accès pour AVENIR.';
  return e instanceof ApiError ? e.message : fallback;
};

/** « Ajouter une clé d'accès »: a name, then the device's own prompt, then the confirmation sheet. */
export function AddPasskeyForm({ onDone }: { onDone?: () => void }) {
  const [name, setName] = useState('Mon téléphone');
  const { busy, error, submit } = useSubmit();
  if (!browserSupportsWebAuthn())
    return <p class="muted">Ce navigateur ne permet pas d’utiliser une clé d’accès.</p>;
  return (
    <form
      class="inline-form"
      aria-label="Ajouter une clé d’accès"
      noValidate
      onSubmit={(e) =>
        submit(
          e,
          async () => {
            await addPasskey(name.trim() || 'Clé d’accès');
            onDone?.();
          },
          (err) => errorText(err, 'La clé d’accès n’a pas pu être ajoutée.'),
        )
      }
    >
      <Field
        label="Nom de la clé d’accès"
        value={name}
        maxLength={PASSKEY_NAME_MAX_CHARS}
        hint="Pour la reconnaître, par exemple « iPhone de Léa »."
        onInput={(e) => setName(e.currentTarget.value)}
      />
      <FormError error={error} />
      <button type="submit" class="btn btn--primary btn--small" disabled={busy} aria-busy={busy}>
        {busy ? 'En attente de l’appareil…' : 'Ajouter une clé d’accès'}
      </button>
    </form>
  );
}

function Passkeys() {
  const list = passkeys.value;
  const [error, setError] = useState<string | null>(null);
  return (
    <section class="panel" aria-labelledby="passkeys-title">
      <h2 id="passkeys-title" class="panel__title">
        Clés d’accès
      </h2>
      <p class="muted">
        Une clé d’accès vous connecte et confirme vos opérations avec l’empreinte, le visage ou le
        code de votre appareil : rien à retenir, rien à intercepter.
      </p>
      {!list ? (
        <p class="muted" aria-busy="true">
          Chargement…
        </p>
      ) : list.length === 0 ? (
        <p class="alert alert--info" data-testid="passkey-reminder">
          Vous n’avez pas encore de clé d’accès : ajoutez-en une pour vous connecter et confirmer
          vos virements en un geste.
        </p>
      ) : (
        <ul class="row-list">
          {list.map((k) => (
            <li class="row-list__item" key={k.id} data-testid="passkey">
              <div class="row-list__main">
                <p class="person__name">{k.name}</p>
                <p class="muted">
                  Ajoutée le {formatShortDate(k.createdAt)} ·{' '}
                  {k.lastUsedAt
                    ? `dernière utilisation : ${formatWhen(k.lastUsedAt)}`
                    : 'jamais utilisée'}
                </p>
              </div>
              <button
                type="button"
                class="btn btn--ghost btn--small"
                aria-label={`Supprimer ${k.name}`}
                onClick={() =>
                  void removePasskey(k.id).catch((e) =>
                    setError(errorText(e, 'Suppression impossible.')),
                  )
                }
              >
                Supprimer
              </button>
            </li>
          ))}
        </ul>
      )}
      <FormError error={error} />
      <AddPasskeyForm />
    </section>
  );
}

function Devices() {
  const list = deviceSessions.value;
  return (
    <section class="panel" aria-labelledby="devices-title">
      <h2 id="devices-title" class="panel__title">
        Appareils connectés
      </h2>
      {!list ? (
        <p class="muted" aria-busy="true">
          Chargement…
        </p>
      ) : (
        <ul class="row-list">
          {list.map((s) => (
            <li class="row-list__item" key={s.id} data-testid="device">
              <div class="row-list__main">
                <p class="person__name">
                  {s.device}
                  {s.current && <strong> · cet appareil</strong>}
                </p>
                <p class="muted">
                  {s.ipMasked || 'adresse inconnue'} · par {METHODS[s.method]} · dernière activité :{' '}
                  {formatWhen(s.lastSeenAt)}
                </p>
              </div>
              {!s.current && (
                <button
                  type="button"
                  class="btn btn--ghost btn--small"
                  aria-label={`Déconnecter ${s.device}`}
                  onClick={() => void endSession(s.id).catch(() => loadSessions())}
                >
                  Déconnecter
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PasswordChange() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, submit } = useSubmit();
  return (
    <section class="panel" aria-labelledby="password-title">
      <h2 id="password-title" class="panel__title">
        Mot de passe
      </h2>
      <form
        class="inline-form"
        aria-label="Changer de mot de passe"
        noValidate
        onSubmit={(e) =>
          submit(
            e,
            async () => {
              setDone(false);
              if (next.length < 10) throw new ApiError(400, 'short', 'Au moins 10 caractères.');
              await changePassword(current, next);
              setCurrent('');
              setNext('');
              setDone(true);
              void loadSessions();
            },
            (err) => errorText(err, 'Le mot de passe n’a pas pu être changé.'),
          )
        }
      >
        <Field
          label="Mot de passe actuel"
          type="password"
          autoComplete="current-password"
          value={current}
          onInput={(e) => setCurrent(e.currentTarget.value)}
        />
        <Field
          label="Nouveau mot de passe"
          type="password"
          autoComplete="new-password"
          hint="Au moins 10 caractères. Vos autres appareils seront déconnectés."
          value={next}
          onInput={(e) => setNext(e.currentTarget.value)}
        />
        <FormError error={error} />
        {done && (
          <p class="alert alert--info" role="status">
            Mot de passe changé.
          </p>
        )}
        <button type="submit" class="btn btn--primary btn--small" disabled={busy} aria-busy={busy}>
          Changer le mot de passe
        </button>
      </form>
    </section>
  );
}

/** « Sécurité »: passkeys, signed-in devices and the password. */
export function SecurityPage() {
  useEffect(() => {
    void loadPasskeys().catch(() => {});
    void loadSessions().catch(() => {});
  }, []);
  return (
    <>
      <h1 class="page-title">Sécurité</h1>
      <Passkeys />
      <Devices />
      <PasswordChange />
    </>
  );
}
