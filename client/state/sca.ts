/**
 * Strong customer authentication in the client: `withSca` runs a guarded
 * request, and when the server asks for strong authentication it opens the one
 * confirmation sheet (components/sca-sheet.tsx) for that action and its
 * details; the sheet gets a proof and finishes the same request, without the
 * person typing anything again. Also passkeys, devices and the password change.
 */
import { computed, signal } from '@preact/signals';
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { api, ApiError } from '../api';
import type { Me } from '../types';
import { signedIn } from './session';

export type ScaAction =
  | 'beneficiary.add'
  | 'transfer'
  | 'scheduled_transfer'
  | 'passkey.add'
  | 'passkey.remove'
  | 'password.change';
export type ScaProof = { challengeId: string; passkey?: unknown; code?: string };
export type Challenge = {
  id: string;
  action: ScaAction;
  summary: string;
  methods: ('passkey' | 'email_code')[];
  publicKey?: Parameters<typeof startAuthentication>[0]['optionsJSON'];
  expiresAt: string;
};

/** What the sheet is asked to confirm, and how to finish. */
export type ScaRequest = {
  action: ScaAction;
  details: Record<string, string | number>;
  run: (sca: ScaProof) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

const request = signal<ScaRequest | null>(null);
export const scaRequest = computed(() => request.value);

/** The refusal a form shows when the person closed the sheet. */
export const scaCancelled = () =>
  new ApiError(403, 'sca_cancelled', 'Opération non confirmée : rien n’a été fait.');

/**
 * Runs `run` without proof first (unless `always`); on 403 sca_required, opens
 * the confirmation sheet, which calls `run` again with a proof. Resolves with
 * its answer; rejects with its error or `scaCancelled()`.
 */
export async function withSca<T>(
  action: ScaAction,
  details: Record<string, string | number>,
  run: (sca?: ScaProof) => Promise<T>,
  { always = false } = {},
): Promise<T> {
  if (!always) {
    try {
      return await run();
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'sca_required')) throw e;
    }
  }
  return new Promise<T>((resolve, reject) => {
    request.value?.reject(scaCancelled());
    request.value = { action, details, run, resolve: resolve as (v: unknown) => void, reject };
  });
}

/** Closes the sheet: with the guarded request's answer, its error, or as cancelled. */
export function settleSca(outcome: { value: unknown } | { error: unknown }) {
  const r = request.value;
  request.value = null;
  if (!r) return;
  if ('value' in outcome) r.resolve(outcome.value);
  else r.reject(outcome.error);
}

export const createChallenge = (r: ScaRequest) =>
  api
    .post<{ challenge: Challenge }>('/api/sca/challenges', { action: r.action, details: r.details })
    .then((x) => x.challenge);

export const emailCode = (challengeId: string) =>
  api.post(`/api/sca/challenges/${encodeURIComponent(challengeId)}/email`);

/** Asks the authenticator for an assertion over the challenge (user verification required). */
export const assertWithPasskey = (c: Challenge) =>
  startAuthentication({ optionsJSON: c.publicKey! });

// Passkeys of the signed-in person.
export type PasskeyView = {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
};
const passkeyItems = signal<PasskeyView[] | null>(null);
export const passkeys = computed(() => passkeyItems.value);

export async function loadPasskeys() {
  passkeyItems.value = (await api.get<{ items: PasskeyView[] }>('/api/auth/passkeys')).items;
}

/** Creates a credential on this device, then saves it (confirmed through the sheet). */
export async function addPasskey(name: string) {
  const { publicKey } = await api.post<{ publicKey: any }>('/api/auth/passkeys/options');
  const response = await startRegistration({ optionsJSON: publicKey });
  await withSca(
    'passkey.add',
    {},
    (sca) => api.post('/api/auth/passkeys', { name, response, sca }),
    {
      always: true,
    },
  );
  await loadPasskeys();
}

export async function removePasskey(id: number) {
  await withSca('passkey.remove', { passkeyId: id }, (sca) =>
    api.delete(`/api/auth/passkeys/${id}`, { sca }),
  );
  await loadPasskeys();
}

/** Passkey sign-in; `autofill`: conditional UI (the browser offers the passkey in the e-mail field). */
export async function signInWithPasskey(autofill = false): Promise<Me> {
  const { publicKey } = await api.post<{ publicKey: any }>('/api/auth/passkey/options');
  const response = await startAuthentication({
    optionsJSON: publicKey,
    useBrowserAutofill: autofill,
  });
  const { user } = await api.post<{ user: Me }>('/api/auth/passkey/login', { response });
  signedIn(user);
  return user;
}

export type DeviceSession = {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  device: string;
  ipMasked: string;
  method: 'password' | 'passkey' | 'email_link';
};
const sessionItems = signal<DeviceSession[] | null>(null);
export const deviceSessions = computed(() => sessionItems.value);

export async function loadSessions() {
  sessionItems.value = (await api.get<{ items: DeviceSession[] }>('/api/auth/sessions')).items;
}

export async function endSession(id: string) {
  await api.delete(`/api/auth/sessions/${encodeURIComponent(id)}`);
  await loadSessions();
}

export async function changePassword(currentPassword: string, newPassword: string) {
  await withSca('password.change', {}, (sca) =>
    api.post('/api/auth/password', { currentPassword, newPassword, sca }),
  );
}
