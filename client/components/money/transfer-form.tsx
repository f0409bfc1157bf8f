import './money.css';
import { useEffect, useState } from 'preact/hooks';
import { me } from '../../state/session';
import { useAppState } from '../../state/app-state';
import type { PayeeCheck, ScheduledView, Transfer } from '../../types';
import { ApiError } from '../../api';
import { fieldErrors, moneyErrorMessage } from '../../money-errors';
import { formatMoney, fullName, parseAmount } from '../../format';
import { compactIban, groupIban, isAvenirIban, isValidIban } from '../../iban';
import { Field, LabelledField } from '../field';
import { Iban } from './amount';
import { PayeeAnswer } from './payee-answer';
import { TransferDone } from './transfer-done';
import {
  checkDraft,
  LABEL_MAX_CHARS,
  PAYEE_NAME_MAX_CHARS,
  type Draft,
  type Errors,
} from './transfer-draft';
import {
  checkWhen,
  describeWhen,
  NOW,
  ScheduleFields,
  scheduleOf,
  type When,
  type WhenErrors,
} from './schedule-fields';
import { IbanField } from './iban-field';

/**
 * A transfer in three steps: the form, a confirmation with the payee check (and,
 * outside AVENIR, the « simulé » label), then the receipt. A failed send keeps the
 * confirmation open; « Réessayer » sends the same transfer under the same key.
 */
export function TransferForm() {
  const { openAccounts, selectedAccount } = useAppState().accounts;
  const app = useAppState();
  const { beneficiaries, loadBeneficiaries, sendTransfer, verifyPayee } = app.transfers;
  const { createSchedule } = app.scheduled;
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
  const [done, setDone] = useState<{ transfer: Transfer } | { scheduled: ScheduledView } | null>(
    null,
  );
  const [when, setWhen] = useState<When>(NOW);
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
  const later = when.when !== 'now';
  // Checked as the amount is typed: an immediate transfer cannot exceed what is available.
  const short =
    !later && from && cents > (from.availableCents ?? from.balanceCents)
      ? `Solde insuffisant : ${formatMoney(from.availableCents ?? from.balanceCents)} disponibles sur ce compte.`
      : undefined;

  if (!sources.length)
    return <p class="muted">Aucun compte ouvert : ouvrez-en un pour faire un virement.</p>;

  async function review(e: Event) {
    e.preventDefault();
    const found: Errors = { ...checkDraft(draft), ...checkWhen(when) };
    if (short && !found.amountCents) found.amountCents = short;
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
    const order = {
      fromAccountId: draft.fromAccountId,
      toIban: draft.iban,
      amountCents: cents,
      label: draft.label.trim(),
      beneficiaryName: draft.name.trim(),
    };
    try {
      setDone(
        later
          ? { scheduled: await createSchedule({ ...order, ...scheduleOf(when) }) }
          : { transfer: await sendTransfer(order) },
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
      <TransferDone
        result={done}
        onAgain={() => {
          setDraft({ ...draft, iban: '', name: '', amount: '', label: '' });
          setWhen(NOW);
          setCheck(null);
          setDone(null);
          setCanRetry(false);
          setStep('edit');
        }}
      />
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
          {later && (
            <>
              <dt>Quand</dt>
              <dd>{describeWhen(scheduleOf(when))}, à 6 h</dd>
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
            {busy
              ? 'Envoi…'
              : canRetry && sendError
                ? 'Réessayer'
                : later
                  ? 'Confirmer la programmation'
                  : 'Confirmer le virement'}
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
        maxLength={PAYEE_NAME_MAX_CHARS}
        autoComplete="off"
        error={errors.beneficiaryName}
        onInput={(e) => set({ name: e.currentTarget.value })}
      />
      <Field
        label="Montant (€)"
        value={draft.amount}
        inputMode="decimal"
        placeholder="0,00"
        error={errors.amountCents ?? short}
        onInput={(e) => {
          set({ amount: e.currentTarget.value });
          if (errors.amountCents) setErrors({ ...errors, amountCents: undefined });
        }}
      />
      <Field
        label="Libellé (facultatif)"
        value={draft.label}
        maxLength={LABEL_MAX_CHARS}
        error={errors.label}
        onInput={(e) => set({ label: e.currentTarget.value })}
      />
      <ScheduleFields value={when} errors={errors} onChange={setWhen} />
      <button type="submit" class="btn btn--primary btn--block" disabled={busy} aria-busy={busy}>
        {busy ? 'Vérification…' : 'Continuer'}
      </button>
    </form>
  );
}
