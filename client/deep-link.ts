/**
 * The page someone asked for before signing in (`/bourse/2`, a push or e-mail link):
 * kept in localStorage for a day, so it survives the sign-in, and the e-mail
 * confirmation opened in another tab, then taken once.
 */
const KEY = 'avenir.deepLink';
const DAY = 86_400_000;

/** Only a path of this app (`/…`, never `//host`), and never a public page. */
export function safeDeepLink(to: string | null | undefined): string | null {
  if (!to || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return null;
  const path = to.split(/[?#]/)[0];
  if (
    path === '/' ||
    /^\/(connexion|inscription|verify-email|reset-password|mot-de-passe-oublie|conditions|confidentialite)/.test(
      path,
    )
  )
    return null;
  return to;
}

export function rememberDeepLink(to: string) {
  const link = safeDeepLink(to);
  if (!link) return;
  try {
    localStorage.setItem(KEY, JSON.stringify({ link, at: Date.now() }));
  } catch {
    // storage disabled: the ?next= of the login page still carries it
  }
}

/** The kept deep link (or `fallback`), forgotten once taken. */
export function takeDeepLink(fallback: string | null = null): string {
  let kept: string | null = null;
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (raw && Date.now() - raw.at < DAY) kept = safeDeepLink(raw.link);
    localStorage.removeItem(KEY);
  } catch {
    // nothing kept
  }
  return safeDeepLink(fallback) ?? kept ?? '/';
}
