import type { ComponentChildren } from 'preact';
import { path } from '../router';

export type NavItem = {
  href: string;
  label: string;
  icon: ComponentChildren;
  /** A count beside the label (unread messages), spoken as words. */
  count?: number;
};

/**
 * The client's sections: a bottom tab bar on phones (one thumb away), a row of
 * links under the header on wider screens. The current section is marked for
 * screen readers with aria-current.
 */
export function TabBar({ items }: { items: NavItem[] }) {
  const current = path.value;
  return (
    <nav class="tabbar" aria-label="Sections">
      <ul class="tabbar__list">
        {items.map((item) => {
          const active =
            item.href === '/'
              ? current === '/' || current.startsWith('/comptes')
              : current === item.href || current.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <a
                href={item.href}
                class={`tabbar__link${active ? ' tabbar__link--active' : ''}`}
                aria-current={active ? 'page' : undefined}
              >
                <svg
                  viewBox="0 0 24 24"
                  width="22"
                  height="22"
                  aria-hidden="true"
                  class="tabbar__icon"
                >
                  {item.icon}
                </svg>
                <span class="tabbar__label">{item.label}</span>
                {!!item.count && (
                  <span class="tabbar__count">
                    {item.count > 99 ? '99+' : item.count}
                    <span class="visually-hidden"> non lus</span>
                  </span>
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** Line icons for the client's sections (24×24, stroked with the text colour). */
export const ICONS = {
  market: (
    <path
      d="M3 19h18M5 15l4-5 4 3 6-7"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
    />
  ),
  accounts: (
    <g fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round">
      <path d="M3 9.5 12 4l9 5.5M5 10v8M9.5 10v8M14.5 10v8M19 10v8M3 20h18" />
    </g>
  ),
  transfers: (
    <g
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <path d="M4 8h14l-4-4M20 16H6l4 4" />
    </g>
  ),
  messages: (
    <g fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round">
      <path d="M4 5h16v11H9l-5 4z" />
    </g>
  ),
  news: (
    <g fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round">
      <path d="M4 5h13v14H6a2 2 0 0 1-2-2zM17 9h3v8a2 2 0 0 1-2 2M7 9h7M7 13h7M7 16h4" />
    </g>
  ),
};
