import './money.css';
import { useEffect, useState } from 'preact/hooks';
import { openAccounts, selectedAccount } from '../../state/accounts';
import { beneficiaries, loadBeneficiaries, sendTransfer, verifyPayee } from '../../state/transfers';
import { me } from '../../state/session';
import type { PayeeCheck, Transfer } from '../../types';
import { ApiError } from '../../api';
import { fieldErrors, moneyErrorMessage } from '../../money-errors';
import { formatMoney, fullName, parseAmount } from '../../format';
import { compactIban, groupIban, isAvenirIban, isValidIban } from '../../iban';
import { Field, LabelledField } from '../field';
import { Iban } from './amount';
import { IbanField } from './iban-field';

type Draft = { fromAccountId: number; iban: string; name: string; amount: string; label: string };
type Errors = Partial<Record<'toIban' | 'beneficiaryName' | 'amountCents' | 'label', string>>;

const MAX_CENTS = 10_000_000;

function checkDraft(d: Draft): Errors {
  const errors: Errors = {};
  if (!isValidIban(d.iban))
    errors.toIban = 'Cet IBAN n’est pas valide : vérifiez-le caractère par caractère.';
  if (!d.name.trim()) errors.beneficiaryName = 'Indiquez le nom du bénéficiaire.';
  else if (d.name.trim().length > 70) errors.beneficiaryName = '70 caractères au plus.';
  const cents = parseAmount(d.amount);
  if (cents === null || cents < 1 || cents > MAX_CENTS)
    errors.amountCents = 'Montant invalide : entre 0,01 € et 100 000,00 €, par exemple 25,50.';
  if (d.label.length > 140) errors.label = '140 caractères au plus.';
  return errors;
}

/** The verification-of-payee answer, shown before the person confirms. */
function PayeeAnswer({ check, onUseName }: { check: PayeeCheck; onUseName: (n: string) => void }) {
  switch (check.result) {
    case 'match':
      return (
        <p class="vop vop--match" data-testid="vop">
          ✓ Nom vérifié : il correspond au titulaire du compte.
        </p>
      );
    case 'close_match':
      return (
        <div class="vop vop--close" data-testid="vop" role="alert">
          <p>Le nom ne correspond pas au titulaire : {check.name} ?</p>
          <button
            type="button"
            class="btn btn--small btn--ghost"
            onClick={() => onUseName(check.name)}
          >
            Utiliser « {check.name} »
          </button>
        </div>
      );
    case 'no_match':
      return (
        <p class="vop vop--no" data-testid="vop" role="alert">
          ⚠ Le nom ne correspond pas au titulaire de ce compte. Si vous confirmez, l’argent pourrait
          partir vers quelqu’un d’autre.
        </p>
      );
    default:
      return (
        <p class="vop vop--unknown" data-testid="vop">
          Compte hors AVENIR : le nom du titulaire ne peut pas être vérifié.
        </p>
      );
  }
}

/**
 * A transfer in three steps: the form, a confirmation with the payee check (and,
 * outside AVENIR, the « simulé » label), then the receipt. A failed send keeps the
 * confirmation open; « Réessayer » sends the same transfer under the same key.
 */
export function TransferForm() {
  const user = me.value!;
  const sources = openAccounts.value;
  const [draft, setDraft] = useState<Draft>(() => ({
    fromAccountId: selectedAccount.value?.id ?? sources[0]?.id ?? 0,
    iban: '',
    name: '',
    amount: '',
    label: '',
  }));
  const [errors, setErrors] = useState<Errors>({});
  const [step, setStep] = useState<'edit' | 'confirm' | 'done'>('edit');
  const [check, setCheck] = useState<PayeeCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const [canRetry, setCanRetry] = useState(false);
  const [done, setDone] = useState<Transfer | null>(null);
  useEffect(() => {
    if (!beneficiaries.value) void loadBeneficiaries();
  }, []);
  useEffect(() => {
    if (!draft.fromAccountId && sources[0]) setDraft({ ...draft, fromAccountId: sources[0].id });
  }, [sources.length]);

  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const from = sources.find((a) => a.id === draft.fromAccountId);
  const internal = isAvenirIban(draft.iban);
  const cents = parseAmount(draft.amount) ?? 0;

  if (!sources.length)
    return <p class="muted">Aucun compte ouvert : ouvrez-en un pour faire un virement.</p>;

  async function review(e: Event) {
    e.preventDefault();
    const found = checkDraft(draft);
    if (compactIban(draft.iban) === from?.iban)
      found.toIban = 'C’est le compte à débiter : choisissez un autre destinataire.';
    setErrors(found);
    if (Object.keys(found).length) {
      queueMicrotask(() =>
        document.querySelector<HTMLElement>('.transfer [aria-invalid=true]')?.focus(),
      );
      return;
    }
    setBusy(true);
    try {
      setCheck(await verifyPayee(draft.iban, draft.name.trim()));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'validation_failed') {
        setErrors(fieldErrors(err));
        setBusy(false);
        return;
      }
      setCheck(null); // the check could not be made (e.g. too many): say so on the next step
    }
    setBusy(false);
    setSendError(null);
    setStep('confirm');
  }

  async function confirm() {
    setBusy(true);
    setSendError(null);
    try {
      setDone(
        await sendTransfer({
          fromAccountId: draft.fromAccountId,
          toIban: draft.iban,
          amountCents: cents,
          label: draft.label.trim(),
          beneficiaryName: draft.name.trim(),
        }),
      );
      setStep('done');
    } catch (err) {
      const fields = fieldErrors(err);
      if (Object.keys(fields).length) {
        setErrors(fields);
        setStep('edit');
      } else {
        setSendError(moneyErrorMessage(err));
        setCanRetry(
          !(err instanceof ApiError) || err.status === 0 || err.status >= 500 || err.status === 429,
        );
      }
    } finally {
      setBusy(false);
    }
  }

  if (step === 'done' && done)
    return (
      <div class="transfer transfer--done" role="status" data-testid="transfer-done">
        <p class="transfer__done-title">
          {done.internal ? 'Virement effectué' : 'Virement SEPA simulé envoyé'}
        </p>
        <p>
          {formatMoney(done.amountCents)} vers {done.beneficiaryName}
          {done.internal ? ', crédité immédiatement.' : ' (simulé : aucun argent réel ne part).'}
        </p>
        <button
          type="button"
          class="btn btn--primary"
          onClick={() => {
            setDraft({ ...draft, iban: '', name: '', amount: '', label: '' });
            setCheck(null);
            setDone(null);
            setCanRetry(false);
            setStep('edit');
          }}
        >
          Nouveau virement
        </button>
      </div>
    );

  if (step === 'confirm')
    return (
      <div class="transfer transfer--confirm" data-testid="transfer-confirm">
        <h3 class="transfer__step">Vérifiez puis confirmez</h3>
        <dl class="summary">
          <dt>De</dt>
          <dd>
            {from?.label} ({formatMoney(from?.availableCents ?? 0)} disponibles)
          </dd>
          <dt>Vers</dt>
          <dd>
            {draft.name.trim()}
            <br />
            <Iban iban={draft.iban} />
          </dd>
          <dt>Montant</dt>
          <dd class="summary__amount">{formatMoney(cents)}</dd>
          {draft.label.trim() && (
            <>
              <dt>Libellé</dt>
              <dd>{draft.label.trim()}</dd>
            </>
          )}
          <dt>Type</dt>
          <dd>
            {internal ? (
              'Virement instantané entre comptes AVENIR'
            ) : (
              <>
                <span class="tag tag--strong">Simulé</span> Virement SEPA vers une autre banque :
                une démonstration, aucun argent réel ne part.
              </>
            )}
          </dd>
        </dl>
        {check ? (
          <PayeeAnswer
            check={check}
            onUseName={(name) => {
              set({ name });
              setCheck({ result: 'match' });
            }}
          />
        ) : (
          <p class="vop vop--unknown" data-testid="vop">
            Le nom du bénéficiaire n’a pas pu être vérifié pour le moment.
          </p>
        )}
        {sendError && (
          <p class="alert alert--error" role="alert" data-testid="transfer-error">
            {sendError}
            {canRetry && ' Réessayer enverra ce même virement une seule fois.'}
          </p>
        )}
        <div class="form-buttons">
          <button
            type="button"
            class="btn btn--primary"
            disabled={busy}
            aria-busy={busy}
            onClick={confirm}
          >
            {busy ? 'Envoi…' : canRetry && sendError ? 'Réessayer' : 'Confirmer le virement'}
          </button>
          <button
            type="button"
            class="btn btn--ghost"
            disabled={busy}
            onClick={() => {
              setStep('edit');
              setSendError(null);
              setCanRetry(false);
            }}
          >
            Modifier
          </button>
        </div>
      </div>
    );

  const saved = beneficiaries.value ?? [];
  const own = sources.filter((a) => a.id !== draft.fromAccountId);
  return (
    <form class="transfer" aria-label="Nouveau virement" onSubmit={review} noValidate>
      <LabelledField label="Compte à débiter">
        {(control) => (
          <select
            {...control}
            value={draft.fromAccountId}
            onChange={(e) => set({ fromAccountId: Number(e.currentTarget.value) })}
          >
            {sources.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label} — {formatMoney(a.availableCents ?? a.balanceCents)} disponibles
              </option>
            ))}
          </select>
        )}
      </LabelledField>
      {(own.length > 0 || saved.length > 0) && (
        <LabelledField label="Bénéficiaire" hint="Ou saisissez un IBAN ci-dessous.">
          {(control) => (
            <select
              {...control}
              value=""
              onChange={(e) => {
                const [kind, id] = e.currentTarget.value.split(':');
                if (kind === 'a') {
                  const a = own.find((x) => x.id === Number(id));
                  if (a) set({ iban: groupIban(a.iban), name: fullName(user) });
                } else if (kind === 'b') {
                  const b = saved.find((x) => x.id === Number(id));
                  if (b) set({ iban: groupIban(b.iban), name: b.name });
                }
                setErrors({});
              }}
            >
              <option value="">Choisir…</option>
              {own.length > 0 && (
                <optgroup label="Mes comptes">
                  {own.map((a) => (
                    <option key={a.id} value={`a:${a.id}`}>
                      {a.label}
                    </option>
                  ))}
                </optgroup>
              )}
              {saved.length > 0 && (
                <optgroup label="Bénéficiaires enregistrés">
                  {saved.map((b) => (
                    <option key={b.id} value={`b:${b.id}`}>
                      {b.name}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          )}
        </LabelledField>
      )}
      <IbanField
        label="IBAN du bénéficiaire"
        value={draft.iban}
        onValue={(iban) => set({ iban })}
        error={errors.toIban}
        hint={
          draft.iban && isValidIban(draft.iban) && !internal
            ? 'Autre banque : virement SEPA simulé.'
            : undefined
        }
      />
      <Field
        label="Nom du bénéficiaire"
        value={draft.name}
        maxLength={70}
        autoComplete="off"
        error={errors.beneficiaryName}
        onInput={(e) => set({ name: e.currentTarget.value })}
      />
      <Field
        label="Montant (€)"
        value={draft.amount}
        inputMode="decimal"
        placeholder="0,00"
        error={errors.amountCents}
        onInput={(e) => set({ amount: e.currentTarget.value })}
      />
      <Field
        label="Libellé (facultatif)"
        value={draft.label}
        maxLength={140}
        error={errors.label}
        onInput={(e) => set({ label: e.currentTarget.value })}
      />
      <button type="submit" class="btn btn--primary btn--block" disabled={busy} aria-busy={busy}>
        {busy ? 'Vérification…' : 'Continuer'}
      </button>
    </form>
  );
}
