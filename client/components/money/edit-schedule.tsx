import { useState } from 'preact/hooks';
import { updateSchedule } from '../../state/scheduled';
import type { ScheduledView } from '../../types';
import { fieldErrors, moneyErrorMessage } from '../../money-errors';
import { useSubmit } from '../../pages/use-submit';
import { Field, FormError } from '../field';
import { tomorrow } from './schedule-fields';
import { AMOUNT_RANGE, LABEL_MAX_CHARS, transferAmount } from './transfer-draft';

const euros = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');

/** Changes what the next runs do: amount, label, next date, end date (empty: no end). */
export function EditSchedule({ s, onDone }: { s: ScheduledView; onDone: () => void }) {
  const { busy, error, submit } = useSubmit();
  const [amount, setAmount] = useState(euros(s.amountCents));
  const [label, setLabel] = useState(s.label);
  const [nextDate, setNextDate] = useState(s.nextDate ?? '');
  const [endDate, setEndDate] = useState(s.endDate ?? '');
  const [fields, setFields] = useState<Record<string, string>>({});
  return (
    <form
      class="inline-form"
      aria-label="Modifier le virement programmé"
      noValidate
      onSubmit={(e) =>
        submit(
          e,
          async () => {
            const cents = transferAmount(amount);
            const local: Record<string, string> = {};
            if (cents === null) local.amountCents = `Montant invalide : ${AMOUNT_RANGE}.`;
            if (nextDate < tomorrow()) local.nextDate = 'Choisissez une date à partir de demain.';
            if (endDate && endDate < nextDate) local.endDate = 'La fin précède la prochaine date.';
            setFields(local);
            if (Object.keys(local).length) return;
            await updateSchedule(s.id, {
              amountCents: cents!,
              label: label.trim(),
              ...(nextDate !== s.nextDate ? { nextDate } : {}),
              endDate: endDate || null,
            });
            onDone();
          },
          (err) => {
            const f = fieldErrors(err);
            setFields(f);
            return Object.keys(f).length ? null : moneyErrorMessage(err);
          },
        )
      }
    >
      <Field
        label="Montant (€)"
        inputMode="decimal"
        value={amount}
        error={fields.amountCents}
        onInput={(e) => setAmount(e.currentTarget.value)}
      />
      <Field
        label="Libellé"
        value={label}
        maxLength={LABEL_MAX_CHARS}
        error={fields.label}
        onInput={(e) => setLabel(e.currentTarget.value)}
      />
      <Field
        label="Prochain virement le"
        type="date"
        min={tomorrow()}
        value={nextDate}
        error={fields.nextDate}
        onInput={(e) => setNextDate(e.currentTarget.value)}
      />
      {s.frequency !== 'once' && (
        <Field
          label="Fin (facultatif)"
          type="date"
          value={endDate}
          error={fields.endDate}
          onInput={(e) => setEndDate(e.currentTarget.value)}
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
