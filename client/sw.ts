/// <reference lib="webworker" />
/**
 * Service worker (built to /sw.js, root scope, registered by main.tsx): keeps the
 * app shell (index.html and its assets) so a page opened while the bank is down
 * still loads and says so (« La banque est injoignable ») instead of the browser's
 * error page; shows Web Push notifications and, on click, brings the app forward
 * on the notification's page. The API, the event stream and the socket never go
 * through its cache.
 *
 * It is a classic script, so it imports nothing and exports nothing at run time (Vite would emit
 * `import`/`export` statements a classic worker cannot parse). The handlers'
 * logic is instead exposed on `self.avenirSw` so a browser test can drive it
 * inside the worker — synthetic events cannot use `waitUntil` (it throws when
 * `isTrusted` is false), so call the functions and await their promises:
 *
 *   const [sw] = context.serviceWorkers();              // or context.waitForEvent('serviceworker')
 *   await sw.evaluate(async () => {
 *     await self.avenirSw.onPush(JSON.stringify({ notificationId: 7, title: 'T', body: 'B', kind: 'info', url: '/' }));
 *     const [n] = await self.registration.getNotifications({ tag: 'notification-7' });
 *     return { title: n.title, body: n.body, data: n.data };
 *   });
 *   await sw.evaluate(() => self.avenirSw.onNotificationClick({ url: '/notifications', notificationId: 7 }));
 *
 * (showNotification needs the permission: `context.grantPermissions(['notifications'])`.)
 */
declare const self: ServiceWorkerGlobalScope & { avenirSw: typeof avenirSw };

type PushPayload = {
  notificationId: number;
  title: string;
  body: string;
  kind: string;
  url: string;
};
type ClickData = { url?: unknown; notificationId?: unknown };

const ICON = '/favicon.svg';
const FALLBACK_URL = '/notifications';

/** Only a path on this site: the worker never sends anyone elsewhere. */
function inAppPath(url: unknown): string {
  return typeof url === 'string' &&
    url.startsWith('/') &&
    !url.startsWith('//') &&
    !url.includes('\\')
    ? url
    : FALLBACK_URL;
}

/** The server's JSON ({notificationId,title,body,kind,url}); null when unreadable. */
function parsePayload(text: string | null | undefined): PushPayload | null {
  if (!text) return null;
  try {
    const p = JSON.parse(text);
    if (typeof p?.title !== 'string' || !Number.isSafeInteger(p.notificationId)) return null;
    return {
      notificationId: p.notificationId,
      title: p.title,
      body: typeof p.body === 'string' ? p.body : '',
      kind: typeof p.kind === 'string' ? p.kind : 'info',
      url: inAppPath(p.url),
    };
  } catch {
    return null;
  }
}

/**
 * Shows the notification for a push. With userVisibleOnly a push must always show
 * something, so an unreadable payload still gives a generic notice.
 */
function onPush(text: string | null | undefined): Promise<void> {
  const p = parsePayload(text);
  if (!p) {
    return self.registration.showNotification('AVENIR', {
      body: 'Vous avez une nouvelle notification.',
      tag: 'notification-unknown',
      icon: ICON,
      badge: ICON,
      data: { url: FALLBACK_URL },
    });
  }
  return self.registration.showNotification(p.title, {
    body: p.body,
    tag: `notification-${p.notificationId}`,
    icon: ICON,
    badge: ICON,
    lang: 'fr',
    requireInteraction: p.kind === 'alert',
    data: { url: p.url, notificationId: p.notificationId },
  });
}

/**
 * Marks the notification read (the server then tells every open tab), and
 * focuses an open window of the app, asking it to show the page (it routes
 * in-app, no reload); with no window open, opens one there.
 */
async function onNotificationClick(data: ClickData | null | undefined): Promise<void> {
  const url = inAppPath(data?.url);
  const id = data?.notificationId;
  const marking = Number.isSafeInteger(id)
    ? fetch(`/api/notifications/${id}/read`, { method: 'POST', credentials: 'same-origin' }).catch(
        () => undefined,
      )
    : Promise.resolve(undefined);
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const target =
    windows.find((w) => w.focused) ??
    windows.find((w) => w.visibilityState === 'visible') ??
    windows[0];
  if (target) {
    // focus() is only allowed while handling a real click; a test's direct call still gets the message.
    await target.focus().catch(() => undefined);
    target.postMessage({ type: 'avenir:notification-click', url, notificationId: id });
  } else {
    await self.clients.openWindow(url);
  }
  await marking;
}

const avenirSw = { parsePayload, onPush, onNotificationClick };
self.avenirSw = avenirSw;

const SHELL_CACHE = 'avenir-shell-v1';
const SHELL_URL = '/';

/** Keeps a fresh index.html and the assets it names (their names change with every build). */
async function keepShell(res: Response): Promise<void> {
  if (!res.ok || !(res.headers.get('content-type') ?? '').includes('text/html')) return;
  const html = await res.clone().text();
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  const cache = await caches.open(SHELL_CACHE);
  await cache.put(SHELL_URL, res);
  // From the HTTP cache when the page already has them: the icon and the assets are not fetched twice.
  const urls = [...new Set([...assets, ICON])];
  await cache
    .addAll(urls.map((u) => new Request(u, { cache: 'force-cache' })))
    .catch(() => undefined);
}

async function cacheShell() {
  try {
    await keepShell(await fetch(SHELL_URL, { cache: 'no-store' }));
  } catch {
    // offline while installing: the next page load fills the cache
  }
}

/** A page load: the network first; when the bank cannot be reached, the kept shell. */
async function navigate(event: FetchEvent): Promise<Response> {
  try {
    const res = await fetch(event.request);
    event.waitUntil(keepShell(res.clone()).catch(() => undefined));
    return res;
  } catch {
    return (await caches.match(SHELL_URL)) ?? Response.error();
  }
}

/** Built assets never change under one name: the cache first, then the network. */
async function asset(request: Request): Promise<Response> {
  const hit = await caches.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) {
    const copy = res.clone();
    void caches.open(SHELL_CACHE).then((c) => c.put(request, copy));
  }
  return res;
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell());
  void self.skipWaiting();
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/dev/')) return;
  if (event.request.mode === 'navigate') event.respondWith(navigate(event));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(asset(event.request));
});

self.addEventListener('push', (event) => {
  let text: string | null = null;
  try {
    text = event.data?.text() ?? null;
  } catch {
    text = null;
  }
  event.waitUntil(onPush(text));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(onNotificationClick(event.notification.data));
});

// Makes this file a module for TypeScript (its own scope); the built sw.js has no export statement.
export {};
