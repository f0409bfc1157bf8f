/**
 * Web Push for this browser: the "Activer les notifications" switch. Permission is
 * asked only from a click (enablePush must be called from one), the service worker
 * /sw.js is registered then, and the subscription is posted to the server.
 * Which account subscribed is remembered, so another person signing in on this
 * browser never silently inherits it; signing out unsubscribes the browser.
 */
import { computed, effect, signal } from '@preact/signals';
import { api, ApiError } from '../api';
import { navigate } from '../router';
import { ok, rpc } from '../rpc';
import { me } from './session';

export type PushStatus = 'checking' | 'unsupported' | 'denied' | 'off' | 'on';

const OWNER_KEY = 'avenir.push.owner';

const status = signal<PushStatus>('checking');
const busy = signal(false);
const problem = signal<string | null>(null);

export const pushStatus = computed(() => status.value);
export const pushBusy = computed(() => busy.value);
/** A French sentence explaining why the last attempt failed, or null. */
export const pushProblem = computed(() => problem.value);

export const MESSAGES = {
  unsupported:
    'Votre navigateur ne prend pas en charge les notifications push. Vous recevez toujours vos notifications dans l’application.',
  denied:
    'Les notifications sont bloquées pour ce site. Autorisez-les dans les réglages de votre navigateur, puis réessayez.',
  dismissed: 'Vous n’avez pas autorisé les notifications. Vous pourrez les activer à tout moment.',
  subscribe:
    'Votre navigateur n’a pas pu joindre son service de notifications. Réessayez plus tard ou depuis un autre navigateur.',
  refused: 'Le service de notifications de votre navigateur n’est pas accepté par AVENIR.',
  generic: 'Les notifications n’ont pas pu être activées. Réessayez dans un instant.',
  off: 'Les notifications n’ont pas pu être désactivées. Réessayez dans un instant.',
} as const;

function isSupported() {
  return (
    isSecureContext &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window
  );
}

const owner = () => localStorage.getItem(OWNER_KEY);

async function currentSubscription() {
  const reg = await navigator.serviceWorker.getRegistration('/');
  return (await reg?.pushManager.getSubscription()) ?? null;
}

/** Reads this browser's state; an existing subscription of another account is dropped. */
export async function checkPush() {
  if (!isSupported()) return void (status.value = 'unsupported');
  if (Notification.permission === 'denied') return void (status.value = 'denied');
  try {
    const sub = await currentSubscription();
    const mine = sub && Notification.permission === 'granted' && owner() === String(me.value?.id);
    if (sub && !mine) {
      await sub.unsubscribe();
      localStorage.removeItem(OWNER_KEY);
    }
    status.value = mine ? 'on' : 'off';
  } catch {
    status.value = 'off';
  }
}

function toKey(base64url: string) {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

async function subscribe(reg: ServiceWorkerRegistration, key: Uint8Array<ArrayBuffer>) {
  const options = { userVisibleOnly: true, applicationServerKey: key };
  try {
    return await reg.pushManager.subscribe(options);
  } catch (e) {
    // Subscribed earlier with another server key (the server's keys changed): start over once.
    if (!(e instanceof DOMException && e.name === 'InvalidStateError')) throw e;
    await (await reg.pushManager.getSubscription())?.unsubscribe();
    return reg.pushManager.subscribe(options);
  }
}

/** Must run from a click: the permission prompt is only allowed on a user gesture. */
export async function enablePush() {
  if (!isSupported()) return void (status.value = 'unsupported');
  if (busy.value) return;
  busy.value = true;
  problem.value = null;
  try {
    // First thing, while the click still counts as a user gesture.
    const permission = await Notification.requestPermission();
    if (permission === 'denied') return void (status.value = 'denied');
    if (permission !== 'granted') return void (problem.value = MESSAGES.dismissed);
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    const reg = await navigator.serviceWorker.ready;
    const { publicKey } = await ok(rpc.push['public-key'].$get());
    let sub: PushSubscription;
    try {
      sub = await subscribe(reg, toKey(publicKey));
    } catch {
      return void (problem.value = MESSAGES.subscribe);
    }
    const { endpoint, keys } = sub.toJSON();
    try {
      await api.post('/api/push/subscriptions', { endpoint, keys });
    } catch (e) {
      await sub.unsubscribe().catch(() => {});
      return void (problem.value =
        e instanceof ApiError && e.status === 400 ? MESSAGES.refused : MESSAGES.generic);
    }
    localStorage.setItem(OWNER_KEY, String(me.value?.id));
    status.value = 'on';
  } catch {
    problem.value = MESSAGES.generic;
  } finally {
    busy.value = false;
  }
}

export async function disablePush() {
  if (busy.value) return;
  busy.value = true;
  problem.value = null;
  try {
    const sub = await currentSubscription();
    if (sub) {
      // Tell the server first, while the endpoint is known; a failure there still unsubscribes
      // the browser, and the push service's 410 then prunes the server's copy.
      await api.delete('/api/push/subscriptions', { endpoint: sub.endpoint }).catch(() => {});
      await sub.unsubscribe();
    }
    localStorage.removeItem(OWNER_KEY);
    status.value = 'off';
  } catch {
    problem.value = MESSAGES.off;
  } finally {
    busy.value = false;
  }
}

// Signing out stops this browser's pushes: a bank's notifications should not reach a shared screen.
let signedInAs: number | null | undefined;
effect(() => {
  const id = me.value === undefined ? undefined : (me.value?.id ?? null);
  if (signedInAs && id !== signedInAs && isSupported() && owner() === String(signedInAs)) {
    localStorage.removeItem(OWNER_KEY);
    void currentSubscription()
      .then((sub) => sub?.unsubscribe())
      .catch(() => {});
    status.value = 'off';
  }
  if (id !== undefined) signedInAs = id;
});

// A click on a push notification in an open tab (see sw.ts): go where it points, in-app.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.addEventListener('message', (e: MessageEvent) => {
    const url = e.data?.type === 'avenir:notification-click' ? e.data.url : null;
    if (typeof url === 'string' && url.startsWith('/') && !url.startsWith('//')) navigate(url);
  });
  navigator.serviceWorker.startMessages();
}
