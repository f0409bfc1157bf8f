import { formatIbanInput } from '../../iban';
import { Field } from '../field';

/** An IBAN input that groups what is typed by four, keeping the caret where it was. */
export function IbanField({
  label = 'IBAN',
  value,
  onValue,
  error,
  hint,
}: {
  label?: string;
  value: string;
  onValue: (v: string) => void;
  error?: string;
  hint?: string;
}) {
  return (
    <Field
      label={label}
      error={error}
      hint={hint}
      value={value}
      class="iban-input"
      autoComplete="off"
      autoCapitalize="characters"
      spellcheck={false}
      inputMode="text"
      placeholder="FR76 …"
      onInput={(e) => {
        const input = e.currentTarget;
        const next = formatIbanInput(input.value, input.selectionStart ?? input.value.length);
        input.value = next.value;
        input.setSelectionRange(next.caret, next.caret);
        onValue(next.value);
      }}
    />
  );
}
