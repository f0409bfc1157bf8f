import type { SelectHTMLAttributes, TextareaHTMLAttributes } from 'preact';
import { LabelledField, type Labelled } from '../field';

/** A labelled input whose hint may hold markup (a live counter). */
export { Field as InputField } from '../field';

/** A labelled textarea with its hint and error tied to it (like Field for inputs). */
export function TextAreaField({
  label,
  error,
  hint,
  ...rest
}: Labelled & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <LabelledField label={label} error={error} hint={hint}>
      {(control) => <textarea {...control} {...rest} />}
    </LabelledField>
  );
}

/** A labelled select with its hint and error. */
export function SelectField({
  label,
  error,
  hint,
  children,
  ...rest
}: Labelled & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <LabelledField label={label} error={error} hint={hint}>
      {(control) => (
        <select {...control} {...rest}>
          {children}
        </select>
      )}
    </LabelledField>
  );
}

/** "12 / 200", turning to a warning near the limit. */
export function Counter({ value, max }: { value: string; max: number }) {
  const n = value.length;
  return (
    <span class={`counter${n > max * 0.9 ? ' counter--near' : ''}`}>
      {n.toLocaleString('fr-FR')} / {max.toLocaleString('fr-FR')} caractères
    </span>
  );
}

/** After a failed submit, once the errors are rendered, puts the keyboard on the first field in error. */
export function focusFirstInvalid(form: HTMLFormElement) {
  setTimeout(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
