import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeToasts, openAs, screenshot, useAppAndBrowser } from './pages';
import { checkingOf, listTestStock, order } from '../../src/market/test-kit';

// Long enough for two browsers to see the auction under load, short enough to wait for its end.
const ctx = useAppAndBrowser({ MARKET_AUCTION_SECONDS: '12' });

const noSidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('a volatility auction, live in two browsers', () => {
  it('an order beyond the 10 % band starts a « réservation » both clients follow to its fixing', async () => {
    const { app } = ctx;
    const director = await app.login('directeur@avenir.test');
    const seller = await app.login('client2@avenir.test');
    const watcherApi = await app.login('client3@avenir.test');
    const { id: stockId, symbol } = await listTestStock(director, 'FX', 1000, 20);
    const limit = (who: typeof seller, side: string, quantity: number, price: number) =>
      order(who, {
        stockId,
        side,
        type: 'limit',
        quantity,
        limitPriceCents: price,
        accountId: checkingOf(app, who.user.id),
      });
    expect((await limit(seller, 'buy', 20, 1000)).body.order.status).toBe('filled');
    expect((await limit(seller, 'sell', 5, 1200)).body.order.status).toBe('open');

    const buyer = await openAs(ctx.browser, app.url, 'client1@avenir.test', {
      width: 390,
      height: 844,
    });
    const watcher = await openAs(ctx.browser, app.url, 'client3@avenir.test', {
      width: 360,
      height: 780,
    });
    for (const { page } of [buyer, watcher]) {
      await page.goto(`/bourse/${stockId}`);
      await page.getByTestId('phase').filter({ hasText: 'Cotation en continu' }).waitFor();
    }

    // 12,50 € is 25 % above the last price: the form warns while typing.
    await buyer.page.getByLabel('Quantité').fill('5');
    await buyer.page.getByLabel('Prix limite').fill('12,50');
    await buyer.page.getByTestId('order-price-warning').filter({ hasText: '+25,00 %' }).waitFor();
    await buyer.page.getByRole('button', { name: 'Vérifier l’ordre' }).click();
    await buyer.page.getByText('à 12,50 € au maximum').waitFor();
    await buyer.page.getByRole('button', { name: 'Confirmer l’ordre' }).click();
    await buyer.page.getByText('Ordre placé dans le carnet.').waitFor();

    // Both see the auction, its countdown and the indicative price: 12,00 € (nearest the reference).
    for (const { page } of [buyer, watcher]) {
      await page.getByTestId('phase').filter({ hasText: 'Réservation : fixing dans' }).waitFor();
      await page.getByTestId('indicative').filter({ hasText: '12,00 €' }).waitFor();
    }
    // Another bid moves the indicative price live: 12,50 € now leaves no surplus.
    expect((await limit(watcherApi, 'buy', 2, 1210)).body.order.status).toBe('open');
    for (const { page } of [buyer, watcher]) {
      await page.getByTestId('indicative').filter({ hasText: '12,50 €' }).waitFor();
      expect(await noSidewaysScroll(page)).toBe(true);
    }
    await buyer.page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(buyer.page, '11-bourse-reservation');

    // The fixing: one price for every match, then continuous trading again, on both pages.
    for (const { page } of [buyer, watcher]) {
      await page
        .getByTestId('phase')
        .filter({ hasText: 'Cotation en continu' })
        .waitFor({ timeout: 60_000 });
      await page.getByTestId('stock-price').filter({ hasText: '12,50' }).waitFor();
    }
    const mine = buyer.page.getByTestId('order').filter({ hasText: `Achat 5 ${symbol}` });
    await mine.getByTestId('order-status').filter({ hasText: 'Exécuté' }).waitFor();
    expect(await mine.textContent()).toMatch(/prix moyen 12,50\s€/);
    expect(await mine.textContent()).toMatch(/frais 1,00\s€/);
    await mine.getByText('Exécutions').click();
    await mine.getByTestId('fills').filter({ hasText: '5 à 12,50 €' }).waitFor();
    await closeToasts(buyer.page);
    await mine.scrollIntoViewIfNeeded();
    await screenshot(buyer.page, '12-bourse-ordre-detail');

    // The watcher's bid did not trade: « Annuler » is a full-size target, and works.
    const open = watcher.page.getByTestId('order').filter({ hasText: `Achat 2 ${symbol}` });
    const cancel = open.getByRole('button', { name: 'Annuler' });
    const box = (await cancel.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    await cancel.click();
    await open
      .getByTestId('order-status')
      .filter({ hasText: 'Annulé (à votre demande)' })
      .waitFor();
    for (const { page } of [buyer, watcher]) expect(await noSidewaysScroll(page)).toBe(true);
    expect([...buyer.errors, ...watcher.errors]).toEqual([]);
    await Promise.all([buyer.context.close(), watcher.context.close()]);
  }, 120_000);
});
