import { computed, signal } from '@preact/signals';
import { api, ApiError } from '../api';
import type { Me } from '../types';

const meSignal = signal<Me | null | undefined>(undefined);
// Bumped by every sign-in/out so a slow GET /api/me cannot overwrite a newer answer.
let generation = 0;
function setMe(value: Me | null) {
  generation++;
  meSignal.value = value;
}

/** The signed-in person: undefined while loading, null when signed out. */
export const me = computed(() => meSignal.value);
const unreachableSignal = signal(false);
/** The bank could not be reached to learn who is signed in (server down, no network). */
export const unreachable = computed(() => unreachableSignal.value);
export const isStaff = computed(
  () => meSignal.value?.role === 'advisor' || meSignal.value?.role === 'director',
);

export async function loadMe() {
  const asked = generation;
  try {
    const { user } = await api.get<{ user: Me }>('/api/me');
    unreachableSignal.value = false;
    if (asked === generation) setMe(user);
  } catch (e) {
    if (asked !== generation) return;
    if (e instanceof ApiError && e.status === 401) {
      unreachableSignal.value = false;
      setMe(null);
    } else unreachableSignal.value = true;
  }
}

export async function login(email: string, password: string) {
  setMe((await api.post<{ user: Me }>('/api/auth/login', { email, password })).user);
}

export async function register(input: {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}) {
  await api.post('/api/auth/register', input);
}

export async function resendVerification(email: string) {
  await api.post('/api/auth/resend-verification', { email });
}

export async function verifyEmail(token: string) {
  setMe((await api.post<{ user: Me }>('/api/auth/verify-email', { token })).user);
}

export async function logout() {
  try {
    await api.post('/api/auth/logout');
  } finally {
    setMe(null);
  }
}

/** Called when any request learns the session is gone (expired, logged out in another tab). */
export function sessionEnded() {
  setMe(null);
}

/** Whether the dev mailbox is served (no SMTP configured, not in production). */
export const devMailbox = signal(false);
export async function detectDevMailbox() {
  try {
    devMailbox.value = (await fetch('/dev/mailbox.json', { method: 'HEAD' })).ok;
  } catch {
    devMailbox.value = false;
  }
}
