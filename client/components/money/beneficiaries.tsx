import { useSignal } from '@preact/signals';
import { useAppState } from '../../state/app-state';
import { useSubmit } from '../../pages/use-submit';
import { fieldErrors, moneyErrorMessage } from '../../money-errors';
import { isValidIban } from '../../iban';
import { Field, FormError } from '../field';
import { LoadFailed } from '../load-failed';
import { Iban } from './amount';
import { IbanField } from './iban-field';
import { PAYEE_NAME_MAX_CHARS } from './transfer-draft';

const VERIFICATION: Record<string, string> = {
  match: 'nom vérifié',
  close_match: 'nom proche du titulaire',
  no_match: 'nom non vérifié',
  not_verifiable: 'hors AVENIR',
};

/** « Ajouter un bénéficiaire »: name and IBAN, then the confirmation sheet (strong authentication). */
export function AddBeneficiaryForm({
  onDone,
  initial,
}: {
  onDone: () => void;
  /** Prefilled after paying a new IBAN (« Enregistrer ce bénéficiaire »). */
  initial?: { name: string; iban: string };
}) {
  const { addBeneficiary } = useAppState().transfers;
  const { busy, error, submit } = useSubmit();
  const name = useSignal(initial?.name ?? '');
  const iban = useSignal(initial?.iban ?? '');
  const fields = useSignal<Record<string, string>>({});
  return (
    <form
      class="inline-form"
      aria-label="Ajouter un bénéficiaire"
      noValidate
      onSubmit={(e) =>
        submit(
          e,
          async () => {
            const local: Record<string, string> = {};
            if (!name.value.trim()) local.name = 'Indiquez le nom du bénéficiaire.';
            if (!isValidIban(iban.value)) local.iban = 'Cet IBAN n’est pas valide.';
            fields.value = local;
            if (Object.keys(local).length) return;
            await addBeneficiary({ name: name.value.trim(), iban: iban.value });
            onDone();
          },
          (err) => {
            const f = fieldErrors(err);
            fields.value = f;
            return Object.keys(f).length ? null : moneyErrorMessage(err);
          },
        )
      }
    >
      <Field
        label="Nom du bénéficiaire"
        value={name.value}
        maxLength={PAYEE_NAME_MAX_CHARS}
        error={fields.value.name}
        onInput={(e) => (name.value = e.currentTarget.value)}
      />
      <IbanField value={iban.value} onValue={(v) => (iban.value = v)} error={fields.value.iban} />
      <FormError error={error} />
      <div class="form-buttons">
        <button type="submit" class="btn btn--primary btn--small" disabled={busy} aria-busy={busy}>
          Ajouter
        </button>
        <button type="button" class="btn btn--ghost btn--small" onClick={onDone}>
          Annuler
        </button>
      </div>
    </form>
  );
}

/** Saved beneficiaries: the transfer form's picker offers them. */
export function Beneficiaries() {
  const { beneficiaries, beneficiariesFailed, deleteBeneficiary, loadBeneficiaries } =
    useAppState().transfers;
  const adding = useSignal(false);
  const list = beneficiaries.value;
  return (
    <section class="panel" aria-labelledby="beneficiaries-title">
      <h2 id="beneficiaries-title" class="panel__title">
        Bénéficiaires
      </h2>
      {beneficiariesFailed.value ? (
        <LoadFailed onRetry={loadBeneficiaries}>
          Vos bénéficiaires n’ont pas pu être chargés.
        </LoadFailed>
      ) : !list ? (
        <p class="muted" aria-busy="true">
          Chargement…
        </p>
      ) : list.length === 0 ? (
        <p class="muted">Aucun bénéficiaire enregistré.</p>
      ) : (
        <ul class="row-list">
          {list.map((b) => (
            <li class="row-list__item" key={b.id} data-testid="beneficiary">
              <div class="row-list__main">
                <p class="person__name">{b.name}</p>
                <p class="muted beneficiary__iban">
                  <Iban iban={b.iban} /> · {VERIFICATION[b.verification] ?? b.verification}
                </p>
              </div>
              <button
                type="button"
                class="btn btn--ghost btn--small"
                aria-label={`Supprimer ${b.name}`}
                onClick={() => void deleteBeneficiary(b.id).catch(() => {})}
              >
                Supprimer
              </button>
            </li>
          ))}
        </ul>
      )}
      {adding.value ? (
        <AddBeneficiaryForm onDone={() => (adding.value = false)} />
      ) : (
        <button
          type="button"
          class="btn btn--ghost btn--small"
          onClick={() => (adding.value = true)}
        >
          Ajouter un bénéficiaire
        </button>
      )}
    </section>
  );
}
