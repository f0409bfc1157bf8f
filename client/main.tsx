import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { effect } from '@preact/signals';
import './styles.css';
import './public.css';
import { path, navigate, onLinkClick } from './router';
import { me, loadMe, detectDevMailbox, unreachable, roleHint } from './state/session';
import { rememberDeepLink } from './deep-link';
import { lazyComponent } from './lazy';
import { LandingPage } from './pages/landing';
import { LoginPage } from './pages/login';
import { SignupPage } from './pages/signup';
import { CheckInboxPage } from './pages/check-inbox';
import { VerifyEmailPage } from './pages/verify-email';
import { ForgotPasswordPage } from './pages/forgot-password';
import { ResetPasswordPage } from './pages/reset-password';
import { PrivacyPage, TermsPage } from './pages/legal';
import { Unreachable } from './pages/unreachable';
import './dark.css';

const PUBLIC: Record<string, { title: string; page: () => preact.JSX.Element }> = {
  '/': { title: 'Votre banque, en temps réel', page: LandingPage },
  '/connexion': { title: 'Connexion', page: LoginPage },
  '/inscription': { title: 'Ouvrir un compte', page: SignupPage },
  '/inscription/verifiez': { title: 'Vérifiez votre boîte de réception', page: CheckInboxPage },
  '/verify-email': { title: 'Confirmation de l’adresse e-mail', page: VerifyEmailPage },
  '/mot-de-passe-oublie': { title: 'Mot de passe oublié', page: ForgotPasswordPage },
  '/reset-password': { title: 'Nouveau mot de passe', page: ResetPasswordPage },
  '/conditions': { title: 'Conditions générales', page: TermsPage },
  '/confidentialite': { title: 'Politique de confidentialité', page: PrivacyPage },
};
/** Pages that read the same signed in or not. */
const EITHER = new Set(['/verify-email', '/reset-password', '/conditions', '/confidentialite']);

// The spaces, their models and realtime links load only once someone is signed in.
const SignedIn = lazyComponent(() => import('./signed-in').then((m) => m.SignedIn));
const SPACES = {
  client: () => import('./pages/client-space'),
  staff: () => import('./pages/staff-space'),
};
// Someone was signed in on this browser: fetch their space while /api/me answers, the
// signed-in chunk and their role's space side by side (not one after the other).
const hint = roleHint();
if (hint) {
  SignedIn.preload();
  void SPACES[hint === 'client' ? 'client' : 'staff']();
}

function App() {
  useEffect(() => {
    void loadMe();
    void detectDevMailbox();
  }, []);
  const user = me.value;
  const current = path.value;
  // A visitor's page shows at once (the signed-in space replaces it if /api/me says so);
  // `/` waits only where someone was signed in: it may be their bank home.
  const visitorPage = PUBLIC[current] && (current !== '/' || !roleHint());
  if (user === undefined && visitorPage && !unreachable.value) {
    const Page = PUBLIC[current].page;
    return <Page />;
  }
  if (user === undefined && !EITHER.has(current))
    return unreachable.value ? (
      <Unreachable onRetry={loadMe} />
    ) : (
      <p class="boot" aria-busy="true">
        Chargement…
      </p>
    );
  // A reset link works signed in too (it may be for another account): the page, not the space.
  if (EITHER.has(current)) {
    const Page = PUBLIC[current].page;
    return <Page />;
  }
  if (!user) {
    const route = PUBLIC[current];
    if (!route) {
      // A deep link (`/bourse/2`, a push or e-mail link) waits for the sign-in.
      const asked = current + location.search;
      rememberDeepLink(asked);
      queueMicrotask(() =>
        navigate(`/connexion?next=${encodeURIComponent(asked)}`, { replace: true }),
      );
      return null;
    }
    return <route.page />;
  }
  return <SignedIn />;
}

// Signed out, the title names the public page (signed in: ./signed-in.tsx).
effect(() => {
  const route = PUBLIC[path.value];
  if (me.value) return;
  document.title = route ? `${route.title} — AVENIR` : 'AVENIR — Banque';
});
// Signed out (here, in another tab, the session ended, or someone was signed in on this browser
// before): the login page, not the visitors' `/`.
let wasSignedIn = !!roleHint();
effect(() => {
  const user = me.value;
  if (user) wasSignedIn = true;
  else if (user === null && wasSignedIn) {
    wasSignedIn = false;
    if (path.value === '/') queueMicrotask(() => navigate('/connexion', { replace: true }));
  }
});
// Focus moves to the new page for screen readers.
effect(() => {
  void path.value;
  void me.value;
  queueMicrotask(() => document.getElementById('contenu')?.focus({ preventScroll: true }));
});

// The service worker keeps the app shell, so a page opened while the bank is down still says so.
// Registered once the page has loaded: its install must not compete with the first paint.
if ('serviceWorker' in navigator && isSecureContext)
  addEventListener('load', () =>
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {}),
  );

document.addEventListener('click', onLinkClick);
render(<App />, document.getElementById('app')!);
