/** The "×" of close buttons; the button carries the accessible name. */
export function CloseIcon({ size = 16 }: { size?: number }) {
  return (
    <svg
      viewBox="0 0 16 16"
      width={size}
      height={size}
      aria-hidden="true"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
    >
      <path d="m3.5 3.5 9 9m0-9-9 9" />
    </svg>
  );
}
