/** Whether the screen is wide enough for side-by-side panels (the chat and news beside the accounts). */
import { computed, signal } from '@preact/signals';

const WIDE = '(min-width: 900px)';
const query = typeof matchMedia === 'function' ? matchMedia(WIDE) : null;
const wideSignal = signal(query?.matches ?? true);
query?.addEventListener('change', (e) => (wideSignal.value = e.matches));

export const isWide = computed(() => wideSignal.value);

const motion =
  typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
/** The person asked for less motion: no animated balances. */
export const reducedMotion = () => motion?.matches ?? false;
