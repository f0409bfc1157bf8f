import type { ComponentChildren } from 'preact';

/**
 * A list or panel that could not be loaded: what failed, and a "Réessayer" button.
 * `link`: the button drawn as a link, as the feed panels have it.
 */
export function LoadFailed({
  children,
  onRetry,
  class: extra,
  link = false,
}: {
  children: ComponentChildren;
  onRetry: () => unknown;
  class?: string;
  link?: boolean;
}) {
  return (
    <p class={extra ? `alert alert--error ${extra}` : 'alert alert--error'}>
      {children}{' '}
      <button
        type="button"
        class={link ? 'link-button' : 'btn btn--small btn--ghost'}
        onClick={() => void onRetry()}
      >
        Réessayer
      </button>
    </p>
  );
}
