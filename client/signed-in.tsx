/**
 * Everything a signed-in person needs, loaded after sign-in as its own chunk: the
 * tab's models (chat socket, event stream, …) and the space of their role, itself
 * a chunk (a client never downloads the staff's tools, nor staff the client's pages).
 */
import { effect, signal } from '@preact/signals';
import { AppStateProvider, createAppState } from './state/app-state';
import { isStaff, me, roleHint } from './state/session';
import { navigate, path } from './router';
import { lazyComponent } from './lazy';
import { CLIENT_PATHS, clientSectionTitle } from './pages/client-paths';

/** The staff's paths besides their tabs at `/`: a client's file. */
const STAFF_PATHS = /^\/clients\/[1-9]\d{0,14}$/;
// Layout classes both spaces use (.two-cols, …): with the signed-in chunk, whichever the role.
import './components/money/money.css';

const app = createAppState();
/** The staff's current tab label, once their space has loaded. */
const staffSection = signal<(() => string) | null>(null);

const ClientSpace = lazyComponent(() => import('./pages/client-space').then((m) => m.ClientSpace));
const StaffSpace = lazyComponent(() =>
  import('./pages/staff-space').then((m) => {
    staffSection.value = () => m.TABS.find((t) => t.id === m.staffTab.value)!.label;
    return m.StaffSpace;
  }),
);

// Whoever signed in last on this browser: their space loads while /api/me answers.
const hint = roleHint();
if (hint) (hint === 'client' ? ClientSpace : StaffSpace).preload();

export function SignedIn() {
  const current = path.value;
  const known = isStaff.value ? STAFF_PATHS.test(current) : CLIENT_PATHS.test(current);
  if (current !== '/' && !known) {
    queueMicrotask(() => navigate('/', { replace: true }));
    return null;
  }
  return (
    <AppStateProvider value={app}>
      {isStaff.value ? <StaffSpace /> : <ClientSpace />}
    </AppStateProvider>
  );
}

// Page titles follow the section and the unread messages (« (3) Messages clients — AVENIR »).
effect(() => {
  if (!me.value) return;
  const unread = app.chat.unreadTotal.value;
  const section = !isStaff.value
    ? clientSectionTitle(path.value)
    : STAFF_PATHS.test(path.value)
      ? 'Fiche client'
      : staffSection.value?.();
  if (!section) return;
  document.title = `${unread ? `(${unread > 99 ? '99+' : unread}) ` : ''}${section} — AVENIR`;
});
