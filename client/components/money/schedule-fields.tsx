import './transfers.css';
import type { Frequency } from '../../types';
import { parisDay } from '../../format';
import { Field, LabelledField } from '../field';

/** When the money leaves: now, once on a date, or repeatedly (and until when). */
export type When = {
  when: 'now' | 'once' | 'standing';
  date: string;
  frequency: Exclude<Frequency, 'once'>;
  end: 'none' | 'date' | 'count';
  endDate: string;
  count: string;
};
export type WhenErrors = Partial<Record<'firstDate' | 'endDate' | 'count', string>>;

export const NOW: When = {
  when: 'now',
  date: '',
  frequency: 'monthly',
  end: 'none',
  endDate: '',
  count: '',
};

export const FREQUENCY_LABELS: Record<Frequency, string> = {
  once: 'Une fois',
  weekly: 'Chaque semaine',
  monthly: 'Chaque mois',
  quarterly: 'Chaque trimestre',
  yearly: 'Chaque année',
};

/** Tomorrow in Paris: the first date a scheduled transfer may take. */
export const tomorrow = () => parisDay(new Date(Date.now() + 86_400_000));

export function checkWhen(w: When): WhenErrors {
  const errors: WhenErrors = {};
  if (w.when === 'now') return errors;
  if (!w.date) errors.firstDate = 'Choisissez la date du virement.';
  else if (w.date < tomorrow()) errors.firstDate = 'Choisissez une date à partir de demain.';
  if (w.when === 'standing' && w.end === 'date') {
    if (!w.endDate) errors.endDate = 'Choisissez la date de fin.';
    else if (w.date && w.endDate < w.date) errors.endDate = 'La fin précède le premier virement.';
  }
  if (w.when === 'standing' && w.end === 'count') {
    const n = Number(w.count);
    if (!Number.isInteger(n) || n < 1 || n > 1000) errors.count = 'De 1 à 1 000 virements.';
  }
  return errors;
}

/** The API's fields for a schedule (firstDate, frequency, endDate, count). */
export function scheduleOf(w: When) {
  const standing = w.when === 'standing';
  return {
    firstDate: w.date,
    frequency: standing ? w.frequency : ('once' as const),
    endDate: standing && w.end === 'date' ? w.endDate : null,
    count: standing && w.end === 'count' ? Number(w.count) : null,
  };
}

/** « Chaque mois à partir du 05/01/2027, 12 fois » */
export function describeWhen(s: {
  frequency: Frequency;
  firstDate: string;
  endDate: string | null;
  count: number | null;
}) {
  const day = (d: string) => d.split('-').reverse().join('/');
  if (s.frequency === 'once') return `Le ${day(s.firstDate)}`;
  const end = s.endDate ? `, jusqu’au ${day(s.endDate)}` : s.count ? `, ${s.count} fois` : '';
  return `${FREQUENCY_LABELS[s.frequency]} à partir du ${day(s.firstDate)}${end}`;
}

export function ScheduleFields({
  value,
  errors,
  onChange,
}: {
  value: When;
  errors: WhenErrors;
  onChange: (w: When) => void;
}) {
  const set = (patch: Partial<When>) => onChange({ ...value, ...patch });
  const choices = [
    ['now', 'Maintenant'],
    ['once', 'Virement programmé'],
    ['standing', 'Virement permanent'],
  ] as const;
  return (
    <>
      <fieldset class="choice-group">
        <legend>Quand ?</legend>
        {choices.map(([when, label]) => (
          <label key={when} class="choice">
            <input
              type="radio"
              name="transfer-when"
              checked={value.when === when}
              onChange={() => set({ when, date: value.date || (when === 'now' ? '' : tomorrow()) })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {value.when !== 'now' && (
        <Field
          label={value.when === 'once' ? 'Date du virement' : 'Premier virement le'}
          type="date"
          min={tomorrow()}
          value={value.date}
          error={errors.firstDate}
          hint="Exécuté à 6 h (heure de Paris) ce jour-là ; le solde est vérifié à ce moment."
          onInput={(e) => set({ date: e.currentTarget.value })}
        />
      )}
      {value.when === 'standing' && (
        <>
          <LabelledField label="Fréquence">
            {(control) => (
              <select
                {...control}
                value={value.frequency}
                onChange={(e) => set({ frequency: e.currentTarget.value as When['frequency'] })}
              >
                {(['weekly', 'monthly', 'quarterly', 'yearly'] as const).map((f) => (
                  <option key={f} value={f}>
                    {FREQUENCY_LABELS[f]}
                  </option>
                ))}
              </select>
            )}
          </LabelledField>
          <LabelledField label="Fin">
            {(control) => (
              <select
                {...control}
                value={value.end}
                onChange={(e) => set({ end: e.currentTarget.value as When['end'] })}
              >
                <option value="none">Jusqu’à ce que je l’arrête</option>
                <option value="date">À une date</option>
                <option value="count">Après un nombre de virements</option>
              </select>
            )}
          </LabelledField>
          {value.end === 'date' && (
            <Field
              label="Dernier virement au plus tard le"
              type="date"
              min={value.date || tomorrow()}
              value={value.endDate}
              error={errors.endDate}
              onInput={(e) => set({ endDate: e.currentTarget.value })}
            />
          )}
          {value.end === 'count' && (
            <Field
              label="Nombre de virements"
              inputMode="numeric"
              value={value.count}
              error={errors.count}
              onInput={(e) => set({ count: e.currentTarget.value })}
            />
          )}
        </>
      )}
    </>
  );
}
