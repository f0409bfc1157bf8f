import type { ComponentChildren } from 'preact';
import { devMailbox, me } from '../state/session';
import { SignOut } from './sign-out';
import { TabBar, type NavItem } from './tab-bar';
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

/**
 * The signed-in frame: a compact header (brand, the person — never hidden, shortened
 * if need be —, extra actions such as the bell, sign-out), then the sections' tab bar
 * when given (at the bottom on phones), then the page.
 */
export function AppShell({
  children,
  actions,
  nav,
}: {
  children: ComponentChildren;
  actions?: ComponentChildren;
  nav?: NavItem[];
}) {
  const user = me.value;
  return (
    <div class={nav ? 'shell shell--tabbed' : 'shell'}>
      <a class="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <header class="topbar">
        <Logo />
        <div class="topbar__right">
          {actions}
          {user && (
            // A client reaches « Sécurité » (passkeys, devices, password) from their name.
            <a
              class="topbar__user"
              href={user.role === 'client' ? '/securite' : undefined}
              title={user.role === 'client' ? 'Sécurité : clés d’accès et appareils' : undefined}
            >
              <span class="topbar__name">{fullName(user)}</span>
              <span class={`role role--${user.role}`}>{roleLabel(user)}</span>
            </a>
          )}
          <SignOut />
        </div>
      </header>
      {nav && <TabBar items={nav} />}
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
      <a class="skip-link" href="#contenu">
        Aller au contenu
      </a>
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

/** Outside production, where the e-mails the app sends can be read. */
export function DevMailboxNote() {
  if (!devMailbox.value) return null;
  return (
    <p class="alert alert--info">
      Environnement de développement : les e-mails arrivent dans la{' '}
      <a href="/dev/mailbox" target="_blank" rel="noopener">
        boîte de réception de développement
      </a>
      .
    </p>
  );
}
