import { useEffect, useRef } from 'preact/hooks';
import './feed.css';
import {
  centreOpen,
  closeCentre,
  loadNotifications,
  notifications,
  toggleCentre,
  unreadCount,
} from '../../state/notifications';
import { CENTRE_ID, NotificationCentre } from './notification-centre';

export function bellLabel(count: number, what: 'Notifications' | 'Messages' = 'Notifications') {
  const feminine = what === 'Notifications';
  if (count === 0) return `${what}, ${feminine ? 'aucune non lue' : 'aucun non lu'}`;
  return `${what}, ${count} non lu${feminine ? 'e' : ''}${count > 1 ? 's' : ''}`;
}

/** The bell pictogram (the client's notification bell, the staff's message bell). */
export function BellIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      width="22"
      height="22"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <path d="M6 16.5V11a6 6 0 1 1 12 0v5.5l1.5 2h-15z" />
      <path d="M10 20.5a2.2 2.2 0 0 0 4 0" />
    </svg>
  );
}

/** The bell with its unread badge; it opens the notification centre (Escape or a click outside closes it). */
export function NotificationBell() {
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const open = centreOpen.value;
  const count = unreadCount.value;

  useEffect(() => {
    if (!notifications.value) void loadNotifications();
  }, []);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      closeCentre();
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) closeCentre();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  return (
    <div class="bell" ref={root}>
      <button
        ref={button}
        type="button"
        class={`bell__button${open ? ' bell__button--open' : ''}`}
        aria-label={bellLabel(count)}
        aria-expanded={open}
        aria-controls={open ? CENTRE_ID : undefined}
        aria-haspopup="dialog"
        onClick={toggleCentre}
      >
        <BellIcon />
        {count > 0 && (
          <span class="bell__badge" data-testid="bell-badge" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {open && (
        <NotificationCentre
          onClose={() => {
            closeCentre();
            button.current?.focus();
          }}
        />
      )}
    </div>
  );
}
