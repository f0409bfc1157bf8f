import type { ComponentChildren, InputHTMLAttributes, VNode } from 'preact';
import { useId } from 'preact/hooks';

/** What the control inside a labelled field gets: its id, and its error and hint tied to it. */
type ControlProps = {
  id: string;
  'aria-invalid': 'true' | undefined;
  'aria-describedby': string | undefined;
};

export type Labelled = { label: string; error?: string; hint?: ComponentChildren };

/**
 * A label, a control, and the control's hint and error (the hint may hold markup,
 * such as a live counter), tied together for screen readers. `children` renders the
 * control with the props it is given.
 */
export function LabelledField({
  label,
  error,
  hint,
  children,
}: Labelled & { children: (control: ControlProps) => VNode }) {
  const id = useId();
  const describedBy =
    [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{label}</label>
      {children({
        id,
        'aria-invalid': error ? 'true' : undefined,
        'aria-describedby': describedBy,
      })}
      {hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled input with its hint and error tied to it for screen readers. */
export function Field({
  label,
  error,
  hint,
  ...input
}: Labelled & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <LabelledField label={label} error={error} hint={hint}>
      {(control) => <input {...control} {...input} />}
    </LabelledField>
  );
}

/** A form's error, announced as it appears; nothing when there is none. */
export function FormError({
  error,
  children,
}: {
  error?: string | null;
  children?: ComponentChildren;
}) {
  if (!error) return null;
  return (
    <p class="alert alert--error" role="alert">
      {error}
      {children}
    </p>
  );
}

/** The full-width submit button of the public forms, with its « …» label while busy. */
export function SubmitButton({
  busy,
  label,
  busyLabel,
}: {
  busy: boolean;
  label: string;
  busyLabel: string;
}) {
  return (
    <button class="btn btn--primary btn--block" type="submit" disabled={busy}>
      {busy ? busyLabel : label}
    </button>
  );
}
