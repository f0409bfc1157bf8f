import { FormError } from '../field';
import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { focusFirstInvalid } from './form-fields';

/** An error per field, and `form` for one that is no field's. */
export type ComposerErrors<F extends string> = Partial<Record<F, string>> & { form?: string };

type Submission<F extends string> = {
  /** The draft's own check: an error per field in error (none: it is sent). */
  check: () => ComposerErrors<F>;
  /** Sends the draft; resolves to the line that says it went through. */
  send: () => Promise<string>;
  /** Errors for a refusal other than the server's per-field ones, if this composer words it itself. */
  refused?: (err: unknown) => ComposerErrors<F> | undefined;
  /** The form's message when the failure carries none. */
  failed: string;
};

/**
 * A staff composer's submit cycle, for a form whose fields are `fields`: the local
 * check, then the send; the server's per-field errors go to their fields (its message
 * to the form when none is one of ours), and the keyboard goes to the first field in
 * error. An error clears as its field changes (`clearErrors`).
 */
export function useComposerSubmit<F extends string>(fields: readonly F[]) {
  const [errors, setErrors] = useState<ComposerErrors<F>>({});
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  function clearErrors(...gone: F[]) {
    setErrors((all) => {
      const rest = { ...all };
      for (const f of gone) delete rest[f];
      return rest;
    });
  }

  async function submit(e: Event, { check, send, refused, failed }: Submission<F>) {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    setDone(null);
    const local = check();
    setErrors(local);
    if (Object.values(local).some(Boolean)) return focusFirstInvalid(form);
    setSending(true);
    try {
      setDone(await send());
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && Object.keys(err.fields).length) {
        const byField = Object.fromEntries(fields.map((f) => [f, err.fields[f]])) as Partial<
          Record<F, string>
        >;
        setErrors({
          ...byField,
          form: fields.some((f) => err.fields[f]) ? undefined : err.message,
        });
        focusFirstInvalid(form);
      } else
        setErrors(
          refused?.(err) ??
            ({ form: err instanceof Error ? err.message : failed } as ComposerErrors<F>),
        );
    } finally {
      setSending(false);
    }
  }

  return { errors, sending, done, clearErrors, submit };
}

/** A composer's form-wide error, its submit button and the line that says it went through. */
export function ComposerFooter({
  error,
  sending,
  label,
  busyLabel,
  done,
}: {
  error?: string;
  sending: boolean;
  label: string;
  busyLabel: string;
  done: string | null;
}) {
  return (
    <>
      <FormError error={error} />
      <div class="feed-composer__actions">
        <button type="submit" class="btn btn--primary" disabled={sending}>
          {sending ? busyLabel : label}
        </button>
        <p class="feed-composer__done" role="status">
          {done}
        </p>
      </div>
    </>
  );
}
