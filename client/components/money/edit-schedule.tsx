import { useSignal } from '@preact/signals';
import { useAppState } from '../../state/app-state';
import type { ScheduledView } from '../../types';
import { fieldErrors, moneyErrorMessage } from '../../money-errors';
import { useSubmit } from '../../pages/use-submit';
import { Field, FormError } from '../field';
import { tomorrow } from './schedule-fields';
import { AMOUNT_RANGE, LABEL_MAX_CHARS, transferAmount } from './transfer-draft';

const euros = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');

/** Changes what the next runs do: amount, label, next date, end date (empty: no end). */
export function EditSchedule({ s, onDone }: { s: ScheduledView; onDone: () => void }) {
  const { updateSchedule } = useAppState().scheduled;
  const { busy, error, submit } = useSubmit();
  const amount = useSignal(euros(s.amountCents));
  const label = useSignal(s.label);
  const nextDate = useSignal(s.nextDate ?? '');
  const endDate = useSignal(s.endDate ?? '');
  const fields = useSignal<Record<string, string>>({});
  return (
    <form
      class="inline-form"
      aria-label="Modifier le virement programmé"
      noValidate
      onSubmit={(e) =>
        submit(
          e,
          async () => {
            const [next, end] = [nextDate.value, endDate.value];
            const cents = transferAmount(amount.value);
            const local: Record<string, string> = {};
            if (cents === null) local.amountCents = `Montant invalide : ${AMOUNT_RANGE}.`;
            if (next < tomorrow()) local.nextDate = 'Choisissez une date à partir de demain.';
            if (end && end < next) local.endDate = 'La fin précède la prochaine date.';
            fields.value = local;
            if (Object.keys(local).length) return;
            await updateSchedule(s.id, {
              amountCents: cents!,
              label: label.value.trim(),
              ...(next !== s.nextDate ? { nextDate: next } : {}),
              endDate: end || null,
            });
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
        label="Montant (€)"
        inputMode="decimal"
        value={amount.value}
        error={fields.value.amountCents}
        onInput={(e) => (amount.value = e.currentTarget.value)}
      />
      <Field
        label="Libellé"
        value={label.value}
        maxLength={LABEL_MAX_CHARS}
        error={fields.value.label}
        onInput={(e) => (label.value = e.currentTarget.value)}
      />
      <Field
        label="Prochain virement le"
        type="date"
        min={tomorrow()}
        value={nextDate.value}
        error={fields.value.nextDate}
        onInput={(e) => (nextDate.value = e.currentTarget.value)}
      />
      {s.frequency !== 'once' && (
        <Field
          label="Fin (facultatif)"
          type="date"
          value={endDate.value}
          error={fields.value.endDate}
          onInput={(e) => (endDate.value = e.currentTarget.value)}
        />
      )}
      <FormError error={error} />
      <div class="form-buttons">
        <button type="submit" class="btn btn--primary btn--small" disabled={busy} aria-busy={busy}>
          Enregistrer
        </button>
        <button type="button" class="btn btn--ghost btn--small" onClick={onDone}>
          Annuler
        </button>
      </div>
    </form>
  );
}
