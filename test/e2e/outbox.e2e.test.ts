import { describe, expect, it } from 'vitest';
import { openAs, useRestartableApp } from './pages';
import { clientsOf } from '../harness';

const ctx = useRestartableApp();

describe('the chat outbox (issue 23)', () => {
  it('a message written while the bank is out of reach survives a reload and is sent once when it returns', async () => {
    const client = await openAs(ctx.browser, ctx.server.url, 'client2@avenir.test');
    const page = client.page;
    await page.goto('/messages');
    const messages = page.getByTestId('chat-messages').getByTestId('chat-message');
    await messages.first().waitFor();
    // the shell is kept by the service worker: the reload below works without the bank
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));
    await expect.poll(() => page.evaluate(async () => !!(await caches.match('/')))).toBe(true);

    const restart = await ctx.outage();
    await page.getByTestId('connection-banner').filter({ hasText: 'Reconnexion…' }).waitFor();
    const text = `Écrit hors ligne ${Date.now()}`;
    const composer = page.getByLabel('Votre message');
    await composer.fill(text);
    await composer.press('Enter');
    const mine = messages.filter({ hasText: text });
    await mine.filter({ hasText: 'Envoi en cours' }).waitFor();
    // it is kept on disk before the page goes away
    await expect
      .poll(() =>
        page.evaluate(
          (t) =>
            new Promise<boolean>((resolve) => {
              const req = indexedDB.open('avenir-outbox', 1);
              req.onsuccess = () => {
                const all = req.result.transaction('outbox').objectStore('outbox').getAll();
                all.onsuccess = () =>
                  resolve(all.result.some((r) => r.items.some((p: any) => p.body === t)));
              };
            }),
          text,
        ),
      )
      .toBe(true);

    await page.reload();
    await page.getByRole('heading', { name: 'La banque est injoignable' }).waitFor();
    await restart();
    // nobody clicks: the app comes back, the kept message goes out, once
    await mine.filter({ hasText: /Envoyé|Lu/ }).waitFor({ timeout: 30_000 });
    const agent = await clientsOf(ctx.server.url).login('client2@avenir.test');
    const conversations = (await agent.get('/api/conversations')).body.items;
    const own = conversations.find((c: any) => c.kind === 'private');
    const stored = (await agent.get(`/api/conversations/${own.id}/messages?limit=50`)).body.items;
    expect(stored.filter((m: any) => m.body === text)).toHaveLength(1);
    await expect.poll(() => mine.count()).toBe(1);
    // and it left the disk once acknowledged
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              const req = indexedDB.open('avenir-outbox', 1);
              req.onsuccess = () => {
                const all = req.result.transaction('outbox').objectStore('outbox').getAll();
                all.onsuccess = () => resolve(all.result.length);
              };
            }),
        ),
      )
      .toBe(0);
    expect(client.errors).toEqual([]);
    await client.context.close();
  });
});
