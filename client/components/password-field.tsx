import { useState } from 'preact/hooks';
import type { InputHTMLAttributes } from 'preact';
import { LabelledField, type Labelled } from './field';

/** A password input with « Afficher » / « Masquer »: people check what they typed on a phone. */
export function PasswordField({
  label,
  error,
  hint,
  ...input
}: Labelled & InputHTMLAttributes<HTMLInputElement>) {
  const [shown, setShown] = useState(false);
  return (
    <LabelledField label={label} error={error} hint={hint}>
      {(control) => (
        <div class="password-field">
          <input
            {...({
              ...control,
              ...input,
              type: shown ? 'text' : 'password',
            } as InputHTMLAttributes)}
          />
          <button
            type="button"
            class="password-field__toggle"
            aria-pressed={shown}
            aria-controls={control.id}
            onClick={() => setShown(!shown)}
          >
            {shown ? 'Masquer' : 'Afficher'}
            <span class="visually-hidden"> le mot de passe</span>
          </button>
        </div>
      )}
    </LabelledField>
  );
}
