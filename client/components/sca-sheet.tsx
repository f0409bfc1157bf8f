import './sca-sheet.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import {
  assertWithPasskey,
  createChallenge,
  emailCode,
  scaCancelled,
  scaRequest,
  settleSca,
  type Challenge,
  type ScaProof,
} from '../state/sca';

type Phase = 'loading' | 'choose' | 'passkey' | 'code' | 'sending' | 'expired';

/** Why the authenticator gave nothing, in French (WebAuthn errors by name). */
function authenticatorMessage(e: unknown) {
  const name = (e as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'AbortError')
    return 'Confirmation annulée ou délai dépassé. Réessayez, ou recevez un code par e-mail.';
  return 'Votre clé d’accès n’a pas pu confirmer. Réessayez, ou recevez un code par e-mail.';
}

/**
 * The one confirmation sheet: shows exactly what is being authorised, then
 * « Confirmez avec votre clé d'accès » or « Recevoir un code par e-mail »;
 * handles cancel, a timed-out or failed authenticator, a wrong code (remaining
 * attempts) and an expired challenge, and finishes the guarded request itself.
 */
export function ScaSheet() {
  const req = scaRequest.value;
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [phase, setPhase] = useState<Phase>('loading');
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const codeInput = useRef<HTMLInputElement>(null);
  const sheet = useRef<HTMLDivElement>(null);

  async function start() {
    if (!req) return;
    setPhase('loading');
    setError(null);
    setCode('');
    try {
      const c = await createChallenge(req);
      setChallenge(c);
      setPhase('choose');
    } catch (e) {
      settleSca({ error: e });
    }
  }
  useEffect(() => {
    setChallenge(null);
    if (req) void start();
  }, [req]);
  useEffect(() => {
    if (phase === 'code') codeInput.current?.focus();
    else sheet.current?.querySelector<HTMLElement>('button')?.focus();
  }, [phase]);
  if (!req) return null;

  /** Sends the guarded request with the proof; keeps the sheet open on a proof problem. */
  async function finish(proof: ScaProof, back: Phase) {
    try {
      settleSca({ value: await req!.run(proof) });
    } catch (e) {
      if (!(e instanceof ApiError)) return settleSca({ error: e });
      if (e.code === 'sca_required') {
        setError(
          'Cette demande de confirmation a expiré. Recommencez pour obtenir une nouvelle demande.',
        );
        return setPhase('expired');
      }
      if (e.code === 'sca_failed' || e.code === 'rate_limited') {
        setError(e.message);
        const dead = /recommencez/i.test(e.message); // the fifth wrong code killed the challenge
        return setPhase(dead ? 'expired' : back);
      }
      settleSca({ error: e }); // the operation's own refusal (funds, …): the form says it
    }
  }

  async function usePasskey() {
    setPhase('passkey');
    setError(null);
    let assertion: unknown;
    try {
      assertion = await assertWithPasskey(challenge!);
    } catch (e) {
      setError(authenticatorMessage(e));
      return setPhase('choose');
    }
    await finish({ challengeId: challenge!.id, passkey: assertion }, 'choose');
  }

  async function sendCode() {
    setPhase('sending');
    setError(null);
    try {
      await emailCode(challenge!.id);
      setPhase('code');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'sca_required') {
        setError('Cette demande de confirmation a expiré. Recommencez.');
        return setPhase('expired');
      }
      setError(e instanceof ApiError ? e.message : 'Envoi impossible. Réessayez.');
      setPhase('choose');
    }
  }

  async function submitCode(e: Event) {
    e.preventDefault();
    if (!/^\d{6}$/.test(code)) return setError('Saisissez les 6 chiffres reçus par e-mail.');
    setPhase('sending');
    await finish({ challengeId: challenge!.id, code }, 'code');
    setCode('');
  }

  const busy = phase === 'loading' || phase === 'passkey' || phase === 'sending';
  return (
    <div
      class="sca-backdrop"
      onClick={(e) => e.target === e.currentTarget && !busy && settleSca({ error: scaCancelled() })}
    >
      <div
        ref={sheet}
        class="sca-sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby="sca-title"
        data-testid="sca-sheet"
        onKeyDown={(e) => e.key === 'Escape' && !busy && settleSca({ error: scaCancelled() })}
      >
        <h2 id="sca-title" class="sca-sheet__title">
          Confirmez l’opération
        </h2>
        {challenge ? (
          <p class="sca-sheet__summary" data-testid="sca-summary">
            {challenge.summary}
          </p>
        ) : (
          <p class="muted">Préparation…</p>
        )}
        {error && (
          <p class="alert alert--error" role="alert" data-testid="sca-error">
            {error}
          </p>
        )}
        {challenge && phase === 'code' ? (
          <form class="sca-sheet__code" onSubmit={submitCode} noValidate>
            <label for="sca-code">Code reçu par e-mail (6 chiffres)</label>
            <input
              ref={codeInput}
              id="sca-code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="\d{6}"
              maxLength={6}
              value={code}
              onInput={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
            />
            <button type="submit" class="btn btn--primary btn--block">
              Valider le code
            </button>
            <button type="button" class="btn btn--ghost btn--block" onClick={sendCode}>
              Renvoyer un code
            </button>
          </form>
        ) : phase === 'expired' ? (
          <button type="button" class="btn btn--primary btn--block" onClick={start}>
            Recommencer
          </button>
        ) : (
          challenge && (
            <div class="sca-sheet__methods">
              {challenge.methods.includes('passkey') && (
                <button
                  type="button"
                  class="btn btn--primary btn--block"
                  disabled={busy}
                  aria-busy={phase === 'passkey'}
                  onClick={usePasskey}
                >
                  {phase === 'passkey'
                    ? 'En attente de votre clé d’accès…'
                    : 'Confirmez avec votre clé d’accès'}
                </button>
              )}
              <button
                type="button"
                class={
                  challenge.methods.includes('passkey')
                    ? 'btn btn--ghost btn--block'
                    : 'btn btn--primary btn--block'
                }
                disabled={busy}
                onClick={sendCode}
              >
                {phase === 'sending' ? 'Envoi…' : 'Recevoir un code par e-mail'}
              </button>
            </div>
          )
        )}
        <button
          type="button"
          class="btn btn--ghost btn--block"
          disabled={busy}
          onClick={() => settleSca({ error: scaCancelled() })}
        >
          Annuler
        </button>
      </div>
    </div>
  );
}
