import { computed, signal } from '@preact/signals';
import { api, ApiError } from '../api';
import type { Me } from '../types';

const meSignal = signal<Me | null | undefined>(undefined);
// Bumped by every sign-in/out so a slow GET /api/me cannot overwrite a newer answer.
let generation = 0;
function setMe(value: Me | null) {
  generation++;
  rememberRole(value?.role ?? null);
  if (value) rememberSignOut(null); // signed in anew: nothing left to sign out of
  meSignal.value = value;
}

const ROLE_HINT = 'avenir.role';
/** The role of whoever was signed in last on this browser: the start loads their space early. */
export function roleHint(): Me['role'] | null {
  try {
    return localStorage.getItem(ROLE_HINT) as Me['role'] | null;
  } catch {
    return null;
  }
}
function rememberRole(role: Me['role'] | null) {
  try {
    if (role) localStorage.setItem(ROLE_HINT, role);
    else localStorage.removeItem(ROLE_HINT);
  } catch {
    // storage disabled: no head start
  }
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
  if (pendingSignOut()) return finishPendingSignOut();
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

/** A sign-in made another way (a passkey): the person is now `user`. */
export function signedIn(user: Me) {
  setMe(user);
}

export async function register(input: object) {
  await api.post('/api/auth/register', input);
}

export async function resendVerification(email: string) {
  await api.post('/api/auth/resend-verification', { email });
}

export async function requestPasswordReset(email: string) {
  await api.post('/api/auth/password-reset/request', { email });
}

/** Sets a new password; every session of the account ends, this one too. */
export async function resetPassword(token: string, password: string) {
  await api.post('/api/auth/password-reset', { token, password });
  if (meSignal.value) await loadMe();
}

export async function verifyEmail(token: string) {
  setMe((await api.post<{ user: Me }>('/api/auth/verify-email', { token })).user);
}

// A sign-out the server has not confirmed yet: finished before anything else at the next start.
const PENDING_SIGN_OUT = 'avenir.pendingSignOut';
const SIGN_OUT_PATHS = { this: '/api/auth/logout', all: '/api/auth/logout-all' } as const;
export type SignOutScope = keyof typeof SIGN_OUT_PATHS;

function pendingSignOut(): SignOutScope | null {
  try {
    const scope = localStorage.getItem(PENDING_SIGN_OUT);
    return scope === 'this' || scope === 'all' ? scope : null;
  } catch {
    return null; // storage disabled
  }
}
function rememberSignOut(scope: SignOutScope | null) {
  try {
    if (scope) localStorage.setItem(PENDING_SIGN_OUT, scope);
    else localStorage.removeItem(PENDING_SIGN_OUT);
  } catch {
    // storage disabled: the failure is still shown
  }
}

/**
 * Signs out of this session ('this') or of every device ('all'). The person is
 * shown signed out only once the server confirmed it (a 401 means it already
 * was): when it cannot be reached, this rejects so the page says so and offers
 * to retry, and the sign-out stays pending, finished first at the next start,
 * so nobody lands back in the space by mistake.
 */
export async function logout(scope: SignOutScope = 'this') {
  rememberSignOut(scope);
  try {
    await api.post(SIGN_OUT_PATHS[scope]);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) throw e;
  }
  rememberSignOut(null);
  setMe(null);
}

/** At start, with a sign-out still pending: send it, and show the login page either way. */
async function finishPendingSignOut() {
  const scope = pendingSignOut()!;
  try {
    await logout(scope);
  } catch {
    setMe(null); // still pending: retried at the next start, the space is not shown meanwhile
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
