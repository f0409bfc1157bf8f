import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { LineIcon } from './line-icon';

export function bellLabel(count: number, what: 'Notifications' | 'Messages' = 'Notifications') {
  const feminine = what === 'Notifications';
  if (count === 0) return `${what}, ${feminine ? 'aucune non lue' : 'aucun non lu'}`;
  return `${what}, ${count} non lu${feminine ? 'e' : ''}${count > 1 ? 's' : ''}`;
}

/** The bell pictogram (the client's notification bell, the staff's message bell). */
export function BellIcon() {
  return (
    <LineIcon>
      <path d="M6 16.5V11a6 6 0 1 1 12 0v5.5l1.5 2h-15z" />
      <path d="M10 20.5a2.2 2.2 0 0 0 4 0" />
    </LineIcon>
  );
}

/**
 * A bell with its unread badge that opens a panel (`panel`, rendered while open).
 * Escape or a press outside closes it; closing by Escape or by the panel's own
 * `close` gives the focus back to the bell.
 */
export function BellButton(props: {
  open: boolean;
  setOpen: (open: boolean) => void;
  count: number;
  label: string;
  panelId: string;
  testId?: string;
  panel: (close: () => void) => ComponentChildren;
}) {
  const { open, setOpen } = props;
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
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
        aria-label={props.label}
        aria-expanded={open}
        aria-controls={open ? props.panelId : undefined}
        aria-haspopup="dialog"
        data-testid={props.testId}
        onClick={() => setOpen(!open)}
      >
        <BellIcon />
        {props.count > 0 && (
          <span class="bell__badge" data-testid="bell-badge" aria-hidden="true">
            {props.count > 99 ? '99+' : props.count}
          </span>
        )}
      </button>
      {open && props.panel(close)}
    </div>
  );
}
