import { signal } from '@preact/signals';

/** The current path; links and models navigate with `navigate`. */
export const path = signal(location.pathname);
export const query = signal(new URLSearchParams(location.search));

export function navigate(to: string, { replace = false } = {}) {
  const url = new URL(to, location.origin);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  path.value = url.pathname;
  query.value = url.searchParams;
  window.scrollTo(0, 0);
}

addEventListener('popstate', () => {
  path.value = location.pathname;
  query.value = new URLSearchParams(location.search);
});

/** Same-origin links go through the router instead of reloading the page. */
export function onLinkClick(e: MouseEvent) {
  const a = (e.target as HTMLElement).closest('a');
  if (
    !a ||
    a.target ||
    a.hasAttribute('download') ||
    e.metaKey ||
    e.ctrlKey ||
    e.shiftKey ||
    e.button !== 0 ||
    a.getAttribute('href')?.startsWith('#') // in-page (the skip link): the browser moves focus
  )
    return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/dev/')) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
}
