import type { ComponentChildren } from 'preact';

/** A stroked pictogram on a 24-unit grid in the text colour; the control around it carries the name. */
export function LineIcon({ size = 22, children }: { size?: number; children: ComponentChildren }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width={size}
      height={size}
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      {children}
    </svg>
  );
}
