import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { closeToasts, openAs, screenshot, SCREENSHOTS, useAppAndBrowser } from './pages';
import { checkingOf, order } from '../../src/market/test-kit';

const ctx = useAppAndBrowser();

describe('the market, live in two browsers', () => {
  it('a client buys shares from another client’s sell order; both pages follow price, book, portfolio, balance and notification', async () => {
    const { app } = ctx;
    const director = await app.login('directeur@avenir.test');
    const seller = await app.login('client2@avenir.test');
    const listed = await director.post('/api/market/stocks', {
      symbol: 'LIVE',
      name: 'Live Démo',
      ipoPriceCents: 1000,
      shares: 10,
    });
    const stockId = listed.body.stock.id;
    const bought = await order(seller, {
      stockId,
      side: 'buy',
      type: 'limit',
      quantity: 5,
      limitPriceCents: 1000,
      accountId: checkingOf(app, seller.user.id),
    });
    expect(bought.body.order.status).toBe('filled');
    // client1's Livret (fixtures) has months of daily interest behind it, caught up at start.

    const buyer = await openAs(ctx.browser, app.url, 'client1@avenir.test', {
      width: 390,
      height: 844,
    });
    const sellerPage = await openAs(ctx.browser, app.url, 'client2@avenir.test', {
      width: 390,
      height: 844,
    });
    await buyer.page.getByTestId('savings-card').getByTestId('interest-year').waitFor();
    expect(await buyer.page.getByTestId('savings-rate').textContent()).toBe('3,00 %');
    await buyer.page.getByTestId('savings-card').scrollIntoViewIfNeeded();
    await screenshot(buyer.page, '08-livret-avenir');

    // The seller offers 5 at 9,50 € from its stock page: below the bank's 10,00 €.
    await sellerPage.page.goto(`/bourse/${stockId}`);
    await sellerPage.page.getByRole('button', { name: 'Vendre' }).click();
    await sellerPage.page.getByLabel('Quantité').fill('5');
    await sellerPage.page.getByLabel('Prix limite').fill('9,50');
    expect(await sellerPage.page.getByTestId('order-reserved').textContent()).toContain('1,00');
    await sellerPage.page.getByRole('button', { name: 'Vérifier l’ordre' }).click();
    await sellerPage.page.getByRole('button', { name: 'Confirmer l’ordre' }).click();
    await sellerPage.page.getByText('Ordre placé dans le carnet.').waitFor();
    const sellerCash = await sellerPage.page.getByTestId('order-available').textContent();

    // The buyer sees it at the top of the asks and buys 5 at 9,50 €: 47,50 € + 1 € reserved.
    await buyer.page.goto(`/bourse/${stockId}`);
    await buyer.page
      .getByTestId('book-asks')
      .locator('tbody tr')
      .first()
      .filter({ hasText: '9,50' })
      .waitFor();
    await buyer.page.getByLabel('Quantité').fill('5');
    await buyer.page.getByLabel('Prix limite').fill('9,50');
    expect(await buyer.page.getByTestId('order-reserved').textContent()).toMatch(/48,50/);
    await buyer.page.getByRole('button', { name: 'Vérifier l’ordre' }).click();
    await buyer.page.getByText('frais 1,00 €. Confirmez-vous ?').waitFor();
    await buyer.page.getByRole('button', { name: 'Confirmer l’ordre' }).click();
    await buyer.page.getByText('Ordre exécuté : 5 LIVE à 9,50 € en moyenne.').waitFor();

    for (const { page } of [buyer, sellerPage]) {
      await page.getByTestId('stock-price').filter({ hasText: '9,50' }).waitFor();
      await page
        .getByTestId('trades')
        .locator('tbody tr')
        .first()
        .filter({ hasText: '9,50' })
        .waitFor();
      // the seller's level left the book: the bank's 10,00 € is the best ask again
      await page
        .getByTestId('book-asks')
        .locator('tbody tr')
        .first()
        .filter({ hasText: '10,00' })
        .waitFor();
      await page
        .getByTestId('toast')
        .filter({ hasText: 'Ordre exécuté : 5 LIVE à 9,50 €' })
        .waitFor();
    }
    // The seller's cash grew by 47,50 € − 1 € without a reload.
    await expect
      .poll(async () => sellerPage.page.getByTestId('order-available').textContent())
      .not.toBe(sellerCash);
    await closeToasts(buyer.page);
    await buyer.page.evaluate(() => window.scrollTo(0, 0));
    await buyer.page.screenshot({
      path: resolve(SCREENSHOTS, '09-bourse-action.png'),
      fullPage: true,
    });

    // Portfolios: the buyer holds 5 LIVE at 9,50 €; the seller none left.
    await buyer.page.getByRole('link', { name: '← Toutes les actions' }).click();
    await buyer.page.getByTestId('position-LIVE').filter({ hasText: '5 titre(s)' }).waitFor();
    expect(await buyer.page.getByTestId('position-LIVE').textContent()).toContain('9,50');
    await buyer.page.getByTestId('portfolio').scrollIntoViewIfNeeded();
    await screenshot(buyer.page, '10-portefeuille');
    await sellerPage.page.goto('/bourse');
    await sellerPage.page.getByTestId('portfolio').waitFor();
    expect(await sellerPage.page.getByTestId('position-LIVE').count()).toBe(0);
    expect([...buyer.errors, ...sellerPage.errors]).toEqual([]);
    await Promise.all([buyer.context.close(), sellerPage.context.close()]);
  }, 90_000);

  it('the director sets the Livret rate; a client’s savings card follows it live', async () => {
    const { app } = ctx;
    const client = await openAs(ctx.browser, app.url, 'client1@avenir.test', {
      width: 390,
      height: 844,
    });
    const director = await openAs(ctx.browser, app.url, 'directeur@avenir.test');
    await client.page.getByTestId('savings-rate').waitFor();
    await director.page.getByRole('tab', { name: 'Épargne et bourse' }).click();
    await director.page.getByLabel('Nouveau taux annuel (%)').fill('3,25');
    await director.page.getByRole('button', { name: 'Appliquer' }).click();
    await director.page.getByText('Nouveau taux : 3,25 %').waitFor();
    await director.page.getByTestId('current-rate').filter({ hasText: '3,25 %' }).waitFor();
    await client.page.getByTestId('savings-rate').filter({ hasText: '3,25 %' }).waitFor();
    await client.page.getByTestId('toast').filter({ hasText: 'Livret Avenir' }).waitFor();
    // The stocks: one readable card each (phase, reference, the day's volume), the day's fees.
    await director.page
      .getByTestId('market-summary')
      .filter({ hasText: 'frais encaissés' })
      .waitFor();
    const avnr = director.page.getByTestId('staff-stock').filter({ hasText: 'AVENIR Banque' });
    await avnr.filter({ hasText: 'Continu' }).filter({ hasText: 'Référence' }).waitFor();
    await director.page.setViewportSize({ width: 390, height: 844 });
    await avnr.getByRole('button', { name: 'Suspendre' }).waitFor();
    expect(
      await director.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    expect([...client.errors, ...director.errors]).toEqual([]);
    await Promise.all([client.context.close(), director.context.close()]);
  }, 60_000);
});
