import { useState } from 'preact/hooks';

/**
 * A public form's submit (login, sign-up): busy while `run` works; a failure
 * becomes the form's one error line, worded by `onError` (null: no line, the
 * error went elsewhere, e.g. to the fields).
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(
    e: Event,
    run: () => Promise<void>,
    onError: (err: unknown) => string | null,
  ) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (err) {
      setError(onError(err));
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, submit };
}
