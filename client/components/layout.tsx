import type { ComponentChildren } from 'preact';
import { me, logout } from '../state/session';
import { navigate } from '../router';
import { fullName, roleLabel } from '../format';

export function Logo() {
  return (
    <a href="/" class="logo" aria-label="AVENIR, accueil">
      <svg viewBox="0 0 32 32" width="32" height="32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="#0b3d91" />
        <path d="M8 24 16 7l8 17h-4l-4-9-4 9z" fill="#f5b700" />
      </svg>
      <span>AVENIR</span>
    </a>
  );
}

/** The signed-in frame: brand, the person, extra header actions (the bell), sign-out. */
export function AppShell({
  children,
  actions,
}: {
  children: ComponentChildren;
  actions?: ComponentChildren;
}) {
  const user = me.value;
  return (
    <div class="shell">
      <header class="topbar">
        <Logo />
        <div class="topbar__right">
          {actions}
          {user && (
            <span class="topbar__user">
              <span class="topbar__name">{fullName(user)}</span>
              <span class={`role role--${user.role}`}>{roleLabel(user)}</span>
            </span>
          )}
          <button
            type="button"
            class="btn btn--ghost"
            onClick={async () => {
              await logout();
              navigate('/connexion', { replace: true });
            }}
          >
            Se déconnecter
          </button>
        </div>
      </header>
      <main id="contenu" class="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

/** The signed-out frame: a centred card on the brand background. */
export function PublicShell({ children }: { children: ComponentChildren }) {
  return (
    <div class="public">
      <header class="public__header">
        <Logo />
        <p class="public__tagline">Votre banque, en temps réel.</p>
      </header>
      <main id="contenu" class="public__main" tabIndex={-1}>
        {children}
      </main>
      <footer class="public__footer">
        AVENIR — Alliance de Valeurs Économiques et Nationales Investies Responsablement
      </footer>
    </div>
  );
}
