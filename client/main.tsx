import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { effect } from '@preact/signals';
import './styles.css';
import { path, navigate, onLinkClick } from './router';
import { me, isStaff, loadMe, detectDevMailbox } from './state/session';
import { LoginPage } from './pages/login';
import { SignupPage } from './pages/signup';
import { CheckInboxPage } from './pages/check-inbox';
import { VerifyEmailPage } from './pages/verify-email';
import { ClientSpace } from './pages/client-space';
import { StaffSpace } from './pages/staff-space';
import { MARKET_PATHS } from './pages/market';

const PUBLIC: Record<string, { title: string; page: () => preact.JSX.Element }> = {
  '/connexion': { title: 'Connexion', page: LoginPage },
  '/inscription': { title: 'Ouvrir un compte', page: SignupPage },
  '/inscription/verifiez': { title: 'Vérifiez votre boîte de réception', page: CheckInboxPage },
  '/verify-email': { title: 'Confirmation de l’adresse e-mail', page: VerifyEmailPage },
};

function App() {
  useEffect(() => {
    void loadMe();
    void detectDevMailbox();
  }, []);
  const user = me.value;
  const current = path.value;
  if (user === undefined && current !== '/verify-email')
    return (
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
  if (current !== '/' && (isStaff.value || !MARKET_PATHS.test(current))) {
    queueMicrotask(() => navigate('/', { replace: true }));
    return null;
  }
  return isStaff.value ? <StaffSpace /> : <ClientSpace />;
}

// Page titles follow the route, and focus moves to the new page for screen readers.
effect(() => {
  const route = PUBLIC[path.value];
  const user = me.value;
  document.title =
    route && !user ? `${route.title} — AVENIR` : user ? `Mon espace — AVENIR` : 'AVENIR — Banque';
  queueMicrotask(() => document.getElementById('contenu')?.focus({ preventScroll: true }));
});

document.addEventListener('click', onLinkClick);
render(<App />, document.getElementById('app')!);
