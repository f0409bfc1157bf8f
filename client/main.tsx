import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { effect } from '@preact/signals';
import './styles.css';
import { path, navigate, onLinkClick } from './router';
import { me, isStaff, loadMe, detectDevMailbox, unreachable } from './state/session';
import { createAppState } from './state/app-state';
import { LoginPage } from './pages/login';
import { SignupPage } from './pages/signup';
import { CheckInboxPage } from './pages/check-inbox';
import { VerifyEmailPage } from './pages/verify-email';
import { ForgotPasswordPage } from './pages/forgot-password';
import { ResetPasswordPage } from './pages/reset-password';
import { ClientSpace, CLIENT_PATHS, clientSectionTitle } from './pages/client-space';
import { StaffSpace, staffTab, STAFF_PATHS, TABS } from './pages/staff-space';
import { Unreachable } from './pages/unreachable';
import './dark.css';
import { MARKET_PATHS } from './pages/market';

const PUBLIC: Record<string, { title: string; page: () => preact.JSX.Element }> = {
  '/connexion': { title: 'Connexion', page: LoginPage },
  '/inscription': { title: 'Ouvrir un compte', page: SignupPage },
  '/inscription/verifiez': { title: 'Vérifiez votre boîte de réception', page: CheckInboxPage },
  '/verify-email': { title: 'Confirmation de l’adresse e-mail', page: VerifyEmailPage },
  '/mot-de-passe-oublie': { title: 'Mot de passe oublié', page: ForgotPasswordPage },
  '/reset-password': { title: 'Nouveau mot de passe', page: ResetPasswordPage },
};

const app = createAppState();

function App() {
  useEffect(() => {
    void loadMe();
    void detectDevMailbox();
  }, []);
  const user = me.value;
  const current = path.value;
  if (user === undefined && current !== '/verify-email' && current !== '/reset-password')
    return unreachable.value ? (
      <Unreachable onRetry={loadMe} />
    ) : (
      <p class="boot" aria-busy="true">
        Chargement…
      </p>
    );
  if (current === '/verify-email') return <VerifyEmailPage />;
  // A reset link works signed in too (it may be for another account): the page, not the space.
  if (current === '/reset-password') return <ResetPasswordPage />;
  if (!user) {
    const route = PUBLIC[current];
    if (!route) {
      queueMicrotask(() => navigate('/connexion', { replace: true }));
      return null;
    }
    return <route.page />;
  }
  if (
    current !== '/' &&
    !(isStaff.value
      ? STAFF_PATHS.test(current)
      : CLIENT_PATHS.test(current) || MARKET_PATHS.test(current))
  ) {
    queueMicrotask(() => navigate('/', { replace: true }));
    return null;
  }
  return isStaff.value ? <StaffSpace /> : <ClientSpace />;
}

// Page titles follow the route and the unread messages (« (3) Messages clients — AVENIR »).
effect(() => {
  const route = PUBLIC[path.value];
  const user = me.value;
  const unread = user ? app.chat.unreadTotal.value : 0;
  const section = !user
    ? null
    : isStaff.value
      ? STAFF_PATHS.test(path.value)
        ? 'Fiche client'
        : TABS.find((t) => t.id === staffTab.value)!.label
      : clientSectionTitle(path.value);
  document.title =
    route && !user
      ? `${route.title} — AVENIR`
      : section
        ? `${unread ? `(${unread > 99 ? '99+' : unread}) ` : ''}${section} — AVENIR`
        : 'AVENIR — Banque';
});
// Focus moves to the new page for screen readers.
effect(() => {
  void path.value;
  void me.value;
  queueMicrotask(() => document.getElementById('contenu')?.focus({ preventScroll: true }));
});

// The service worker keeps the app shell, so a page opened while the bank is down still says so.
if ('serviceWorker' in navigator && isSecureContext)
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});

document.addEventListener('click', onLinkClick);
render(<App />, document.getElementById('app')!);
