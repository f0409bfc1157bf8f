import { describe, expect, it } from 'vitest';
import { openAs, useAppAndBrowser } from './pages';
import { eq } from 'drizzle-orm';
import { pushSubscriptions } from '../../src/db/schema';

const ctx = useAppAndBrowser();

describe('Web Push in the browser', () => {
  it("the service worker shows a pushed notification and a click brings the app to it; the page's subscription reaches the API", async () => {
    // Headless Chromium cannot reach a push service here: pushManager.subscribe cannot complete.
    // What can be tested is tested: the worker's own push and click handlers, and the API calls.
    const client = await openAs(ctx.browser, ctx.app.url, 'client1@avenir.test');
    await client.context.grantPermissions(['notifications'], { origin: ctx.app.url });
    // The app registers its worker on load (it keeps the app shell); registering again is harmless.
    await client.page.evaluate(() => navigator.serviceWorker.register('/sw.js'));
    await client.page.evaluate(() => navigator.serviceWorker.ready);
    const sw =
      client.context.serviceWorkers()[0] ?? (await client.context.waitForEvent('serviceworker'));

    // push: the payload the server sends becomes a system notification
    const shown = await sw.evaluate(async () => {
      const self = globalThis as any;
      await self.avenirSw.onPush(
        JSON.stringify({
          notificationId: 4242,
          title: 'Rendez-vous confirmé',
          body: 'Jeudi à 14 h',
          kind: 'appointment',
          url: '/',
        }),
      );
      const [n] = await self.registration.getNotifications({ tag: 'notification-4242' });
      return n && { title: n.title, body: n.body, data: n.data };
    });
    expect(shown).toEqual({
      title: 'Rendez-vous confirmé',
      body: 'Jeudi à 14 h',
      data: { url: '/', notificationId: 4242 },
    });
    // a malformed payload still shows a generic notice (userVisibleOnly), never a foreign URL
    const fallback = await sw.evaluate(async () => {
      const self = globalThis as any;
      await self.avenirSw.onPush('pas du json');
      await self.avenirSw.onPush(
        JSON.stringify({ notificationId: 1, title: 'x', body: 'y', url: 'https://evil.example/' }),
      );
      const all = await self.registration.getNotifications();
      return all.map((n: any) => ({ tag: n.tag, url: n.data?.url }));
    });
    expect(fallback).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tag: 'notification-unknown' }),
        { tag: 'notification-1', url: '/notifications' },
      ]),
    );

    // click: the open page is asked to show the notification's page
    const received = client.page.evaluate(
      () =>
        new Promise((resolve) =>
          navigator.serviceWorker.addEventListener('message', (e) => resolve(e.data), {
            once: true,
          }),
        ),
    );
    await sw.evaluate(() =>
      (globalThis as any).avenirSw.onNotificationClick({ url: '/', notificationId: 4242 }),
    );
    expect(await received).toMatchObject({ type: 'avenir:notification-click', url: '/' });

    // subscribe / unsubscribe with a real subscription shape (P-256 key made by the page)
    const publicKey = await client.page.evaluate(
      async () => (await (await fetch('/api/push/public-key')).json()).publicKey,
    );
    expect(publicKey).toMatch(/^[A-Za-z0-9_-]{80,90}$/);
    const endpoint = 'https://fcm.googleapis.com/fcm/send/e2e-test-subscription';
    const status = await client.page.evaluate(async (endpoint) => {
      const b64u = (buf: ArrayBuffer) =>
        btoa(String.fromCharCode(...new Uint8Array(buf)))
          .replace(/\+/g, '-')
          .replace(/\//g, '_')
          .replace(/=+$/, '');
      const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
        'deriveBits',
      ]);
      const p256dh = b64u(await crypto.subtle.exportKey('raw', pair.publicKey));
      const auth = b64u(crypto.getRandomValues(new Uint8Array(16)).buffer);
      const res = await fetch('/api/push/subscriptions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ endpoint, keys: { p256dh, auth } }),
      });
      return res.status;
    }, endpoint);
    expect(status).toBe(201);
    const stored = () =>
      ctx.app.platform.db
        .select()
        .from(pushSubscriptions)
        .where(eq(pushSubscriptions.endpoint, endpoint))
        .all();
    expect(stored()).toHaveLength(1);
    const removed = await client.page.evaluate(
      async (endpoint) =>
        (
          await fetch('/api/push/subscriptions', {
            method: 'DELETE',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ endpoint }),
          })
        ).status,
      endpoint,
    );
    expect(removed).toBe(204);
    expect(stored()).toHaveLength(0);
    expect(client.errors).toEqual([]);
    await client.context.close();
  });
});
