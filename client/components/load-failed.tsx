import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useAppState } from '../state/app-state';

/**
 * A list or panel that could not be loaded: what failed, and a "Réessayer" button.
 * It also tries again by itself when the page's connection comes back.
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
  const restored = useAppState().connection.restored.value;
  const shownAt = useRef(restored);
  useEffect(() => {
    if (restored !== shownAt.current) void onRetry();
  }, [restored]);
  return (
    <p
      class={extra ? `alert alert--error ${extra}` : 'alert alert--error'}
      data-testid="load-failed"
    >
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
