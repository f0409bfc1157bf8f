import type { ComponentChildren, InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from 'preact';
import { useId } from 'preact/hooks';

type Common = { label: string; error?: string; hint?: ComponentChildren };

function described(id: string, hint: unknown, error?: string) {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
}

function Help({ id, hint, error }: { id: string; hint?: ComponentChildren; error?: string }) {
  return (
    <>
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
    </>
  );
}

/** A labelled input whose hint may hold markup (a live counter). */
export function InputField({ label, error, hint, ...rest }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{label}</label>
      <input id={id} aria-invalid={error ? 'true' : undefined} aria-describedby={described(id, hint, error)} {...rest} />
      <Help id={id} hint={hint} error={error} />
    </div>
  );
}

/** A labelled textarea with its hint and error tied to it (like Field for inputs). */
export function TextAreaField({ label, error, hint, ...rest }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{label}</label>
      <textarea id={id} aria-invalid={error ? 'true' : undefined} aria-describedby={described(id, hint, error)} {...rest} />
      <Help id={id} hint={hint} error={error} />
    </div>
  );
}

/** A labelled select with its hint and error. */
export function SelectField({ label, error, hint, children, ...rest }: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{label}</label>
      <select id={id} aria-invalid={error ? 'true' : undefined} aria-describedby={described(id, hint, error)} {...rest}>
        {children}
      </select>
      <Help id={id} hint={hint} error={error} />
    </div>
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
