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
import { ClientSpace } from './pages/client-space';
import { StaffSpace, staffTab, TABS } from './pages/staff-space';
import { Unreachable } from './pages/unreachable';

const PUBLIC: Record<string, { title: string; page: () => preact.JSX.Element }> = {
  '/connexion': { title: 'Connexion', page: LoginPage },
  '/inscription': { title: 'Ouvrir un compte', page: SignupPage },
  '/inscription/verifiez': { title: 'Vérifiez votre boîte de réception', page: CheckInboxPage },
  '/verify-email': { title: 'Confirmation de l’adresse e-mail', page: VerifyEmailPage },
};

const app = createAppState();

function App() {
  useEffect(() => {
    void loadMe();
    void detectDevMailbox();
  }, []);
  const user = me.value;
  const current = path.value;
  if (user === undefined && current !== '/verify-email')
    return unreachable.value ? (
      <Unreachable onRetry={loadMe} />
    ) : (
      <p class="boot" aria-busy="true">
        Chargement…
      </p>
    );
  if (current === '/verify-email') return <VerifyEmailPage />;
  if (!user) {
    const route = PUBLIC[current];
    if (!route) {
      queueMicrotask(() => navigate('/connexion', { replace: true }));
      return null;
    }
    return <route.page />;
  }
  if (current !== '/') {
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
      ? TABS.find((t) => t.id === staffTab.value)!.label
      : 'Messages';
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
