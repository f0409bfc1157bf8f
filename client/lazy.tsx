import { signal } from '@preact/signals';
import type { ComponentType } from 'preact';

/**
 * A component whose code loads on first render (a separate chunk): the login page
 * never downloads the spaces, the staff's tools, the market or the chat.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>) {
  const loaded = signal<ComponentType<P> | null>(null);
  const failed = signal(false);
  let loading: Promise<void> | null = null;
  const start = () =>
    (loading ??= load().then(
      (component) => {
        loaded.value = component;
      },
      () => {
        failed.value = true;
        loading = null;
      },
    ));
  function Lazy(props: P) {
    const Component = loaded.value;
    if (Component) return <Component {...props} />;
    if (failed.value)
      return (
        <p class="boot" role="alert">
          Chargement impossible.{' '}
          <button
            type="button"
            class="btn btn--ghost"
            onClick={() => {
              failed.value = false;
              void start();
            }}
          >
            Réessayer
          </button>
        </p>
      );
    queueMicrotask(start);
    return (
      <p class="boot" aria-busy="true">
        Chargement…
      </p>
    );
  }
  /** Starts loading before the first render (a head start while other requests run). */
  Lazy.preload = () => void start();
  return Lazy;
}
