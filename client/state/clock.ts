import { signal } from '@preact/signals';

/** The time, ticking every 30 s, so relative times (« il y a 5 min ») stay true on screen. */
export const now = signal(Date.now());
if (typeof window !== 'undefined') setInterval(() => (now.value = Date.now()), 30_000);
