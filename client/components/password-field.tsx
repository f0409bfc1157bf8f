import { useSignal } from '@preact/signals';
import type { InputHTMLAttributes } from 'preact';
import { LabelledField, type Labelled } from './field';

/** A password input with « Afficher » / « Masquer »: people check what they typed on a phone. */
export function PasswordField({
  label,
  error,
  hint,
  ...input
}: Labelled & InputHTMLAttributes<HTMLInputElement>) {
  const shown = useSignal(false);
  return (
    <LabelledField label={label} error={error} hint={hint}>
      {(control) => (
        <div class="password-field">
          <input
            {...({
              ...control,
              ...input,
              type: shown.value ? 'text' : 'password',
            } as InputHTMLAttributes)}
          />
          <button
            type="button"
            class="password-field__toggle"
            aria-pressed={shown.value}
            aria-controls={control.id}
            onClick={() => (shown.value = !shown.value)}
          >
            {shown.value ? 'Masquer' : 'Afficher'}
            <span class="visually-hidden"> le mot de passe</span>
          </button>
        </div>
      )}
    </LabelledField>
  );
}
