import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAs, screenshot, useRestartableApp } from './pages';

const ctx = useRestartableApp();

const banner = (page: Page) => page.getByTestId('connection-banner');
const bannerGone = (page: Page) =>
  expect.poll(() => banner(page).count(), { timeout: 15_000 }).toBe(0);

describe('connection states (issue 13)', () => {
  it('one indicator for the page, true at every moment; « Réessayer maintenant » and `online` reconnect at once', async () => {
    const client = await openAs(ctx.browser, ctx.server.url, 'client1@avenir.test');
    const page = client.page;
    await page.getByTestId('chat-messages').getByTestId('chat-message').first().waitFor();
    await expect.poll(() => page.getByTestId('live-pill').textContent()).toBe('En direct');

    const restart = await ctx.outage();
    await banner(page).filter({ hasText: 'Reconnexion…' }).waitFor();
    // one pill for the chat and the news together, and the news badge no longer says « En direct »
    await expect.poll(() => page.getByTestId('live-pill').textContent()).toBe('Hors ligne');
    expect(
      await page
        .getByRole('status')
        .filter({ hasText: /Reconnexion/ })
        .count(),
    ).toBe(1);
    await screenshot(page, '12-connexion-perdue');

    await restart();
    await banner(page).getByRole('button', { name: 'Réessayer maintenant' }).click();
    await bannerGone(page);
    await expect.poll(() => page.getByTestId('live-pill').textContent()).toBe('En direct');

    // the browser going back online reconnects without waiting out a backoff
    await client.context.setOffline(true);
    await banner(page).filter({ hasText: 'Reconnexion…' }).waitFor();
    await client.context.setOffline(false);
    await bannerGone(page);
    expect(client.errors).toEqual([]);
    await client.context.close();
  });

  it('a list that failed to load says so with « Réessayer », and reloads itself when the connection returns', async () => {
    const advisor = await openAs(ctx.browser, ctx.server.url, 'conseiller1@avenir.test');
    const page = advisor.page;
    await page.getByTestId('inbox-item').first().waitFor();
    const restart = await ctx.outage();
    await banner(page).filter({ hasText: 'Reconnexion…' }).waitFor();
    await page.getByRole('tab', { name: 'Publier' }).click();
    const failed = page.getByTestId('load-failed');
    await failed.filter({ hasText: 'La liste n’a pas pu être chargée.' }).waitFor();
    expect(await failed.first().getByRole('button', { name: 'Réessayer' }).isVisible()).toBe(true);
    await restart();
    // nobody clicks: the lists come back with the connection
    await page.getByTestId('sent-notification').first().waitFor({ timeout: 20_000 });
    await page.getByTestId('news-item').first().waitFor();
    await expect.poll(() => failed.count()).toBe(0);
    await advisor.context.close();
  });

  it('a page opened while the bank is down gets the app shell from the service worker, says so, and recovers by itself', async () => {
    const client = await openAs(ctx.browser, ctx.server.url, 'client2@avenir.test');
    await client.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect
      .poll(() => client.page.evaluate(async () => !!(await caches.match('/'))))
      .toBe(true);
    const restart = await ctx.outage();
    const page = await client.context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'La banque est injoignable' }).waitFor();
    await page.getByRole('button', { name: 'Réessayer maintenant' }).waitFor();
    await screenshot(page, '13-banque-injoignable');
    await restart();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor({ timeout: 20_000 });
    await client.context.close();
  });
});
