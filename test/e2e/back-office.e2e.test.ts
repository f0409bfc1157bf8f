import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAs, screenshot, settled, useAppAndBrowser } from './pages';
import { audit, report } from './axe';

const ctx = useAppAndBrowser();
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

const noSidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('back office (issue 23)', () => {
  it('the advisor’s client file on a phone: search, operations, a note, and a live alert', async () => {
    const client = await ctx.app.login('client1@avenir.test');
    const accounts = (await client.get('/api/accounts')).body.items;
    const checking = accounts.find((a: any) => a.type === 'checking');
    const livret = accounts.find((a: any) => a.type === 'savings');
    const name = `${client.user.firstName} ${client.user.lastName}`;

    const advisor = await openAs(ctx.browser, ctx.app.url, 'conseiller1@avenir.test', PHONE);
    const page = advisor.page;
    await page.getByRole('tab', { name: 'Clients', exact: true }).click();
    await page.getByLabel('Rechercher un client').fill(checking.iban.slice(-8));
    await expect.poll(() => page.getByTestId('client-row').count()).toBe(1);
    expect(await noSidewaysScroll(page)).toBe(true);
    await page.getByTestId('client-row').getByRole('link', { name }).click();

    const file = page.getByTestId('client-file');
    await file.getByRole('heading', { name: `Fiche client — ${name}` }).waitFor();
    await file.getByTestId('client-accounts').getByText(checking.label).first().waitFor();
    const history = file.getByTestId('history');
    await history.getByTestId('operation').first().waitFor();
    expect(await history.getByTestId('csv-link').getAttribute('href')).toBe(
      `/api/clients/${client.user.id}/accounts/${checking.id}/operations.csv`,
    );
    expect(await page.title()).toMatch(/Fiche client — AVENIR$/);

    // « Notes internes »: written here, kept with the author's name
    const notes = file.getByTestId('file-notes');
    await notes.getByLabel('Nouvelle note').fill('Carte bloquée : opposition faite le 7.');
    await notes.getByRole('button', { name: 'Ajouter la note' }).click();
    await notes.getByTestId('note').filter({ hasText: 'opposition faite le 7' }).waitFor();
    const me = (await ctx.app.login('conseiller1@avenir.test')).user;
    expect(await notes.getByTestId('note').first().textContent()).toContain(
      `${me.firstName} ${me.lastName}`,
    );

    // A large move on the client's side arrives live: the alert, the new balance and operation
    expect(
      (await client.post('/dev/deposit', { accountId: checking.id, amountCents: 6_000_00 })).status,
    ).toBe(201);
    const sent = await client.post(
      '/api/transfers',
      {
        fromAccountId: checking.id,
        toIban: livret.iban,
        amountCents: 5_500_00,
        beneficiaryName: name,
        label: 'Mise de côté',
      },
      { 'idempotency-key': `bo-${Date.now()}` },
    );
    expect(sent.status).toBe(201);
    const alert = file.getByTestId('file-alerts').getByTestId('staff-alert');
    await alert.filter({ hasText: 'Virement de 5 500,00 €' }).waitFor();
    await history.getByTestId('operation').filter({ hasText: 'Mise de côté' }).first().waitFor();

    expect(await noSidewaysScroll(page)).toBe(true);
    await settled(page);
    expect(report('fiche client (téléphone)', await audit(page))).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await settled(page);
    expect(report('fiche client (téléphone, sombre)', await audit(page))).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await settled(page);
    await screenshot(page, '50-conseiller-fiche-client-mobile');

    // Handled: it leaves the file and the home
    await alert
      .filter({ hasText: 'Virement de 5 500,00 €' })
      .getByRole('button', { name: /Traitée/ })
      .click();
    await expect.poll(() => alert.filter({ hasText: 'Virement de 5 500,00 €' }).count()).toBe(0);
    expect(advisor.errors).toEqual([]);
    await advisor.context.close();
  });

  it('on a desktop: the home’s alerts, then the file beside them', async () => {
    const advisor = await openAs(ctx.browser, ctx.app.url, 'conseiller1@avenir.test', DESKTOP);
    const page = advisor.page;
    const client = await ctx.app.login('client2@avenir.test');
    const checking = (await client.get('/api/accounts')).body.items.find(
      (a: any) => a.type === 'checking',
    );
    await page.getByRole('tab', { name: 'Clients', exact: true }).click();
    await page.getByTestId('client-row').first().waitFor();
    // Live on the home: a transfer over 5,000 € out of the bank
    await client.post('/dev/deposit', { accountId: checking.id, amountCents: 8_000_00 });
    const out = await client.post(
      '/api/transfers',
      {
        fromAccountId: checking.id,
        toIban: (await client.get('/api/accounts')).body.items.find(
          (a: any) => a.type === 'savings',
        ).iban,
        amountCents: 7_000_00,
        beneficiaryName: 'Moi',
        label: 'Épargne',
      },
      { 'idempotency-key': `bo2-${Date.now()}` },
    );
    expect(out.status).toBe(201);
    const home = page.getByTestId('staff-alerts');
    await home.getByTestId('staff-alert').filter({ hasText: 'Virement de 7 000,00 €' }).waitFor();
    await settled(page);
    expect(report('accueil conseiller (alertes)', await audit(page))).toEqual([]);
    await home
      .getByTestId('staff-alert')
      .filter({ hasText: 'Virement de 7 000,00 €' })
      .getByRole('link')
      .click();
    await page
      .getByTestId('client-file')
      .getByTestId('history')
      .getByTestId('operation')
      .first()
      .waitFor();
    expect(await noSidewaysScroll(page)).toBe(true);
    await settled(page);
    expect(report('fiche client (ordinateur)', await audit(page))).toEqual([]);
    await settled(page);
    await screenshot(page, '51-conseiller-fiche-client');
    await advisor.context.close();
  });

  it('the director’s desk: the ledger check with its time and re-run, the workload, reassigning', async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const director = await openAs(ctx.browser, ctx.app.url, 'directeur@avenir.test', viewport);
      const page = director.page;
      await page.getByRole('tab', { name: 'Pilotage' }).click();
      const ledger = page.getByTestId('ledger-check');
      await ledger.getByText(/^Tous les contrôles sont bons · lancé/).waitFor();
      expect(await ledger.getByTestId('ledger-check-item').count()).toBeGreaterThanOrEqual(4);
      await ledger.getByRole('button', { name: 'Relancer le contrôle' }).click();
      await ledger.getByRole('button', { name: 'Relancer le contrôle' }).waitFor();
      const workload = page.getByTestId('workload');
      await expect.poll(() => workload.getByTestId('workload-row').count()).toBe(2);
      expect(await noSidewaysScroll(page)).toBe(true);
      await settled(page);
      expect(report(`pilotage ${viewport.width}`, await audit(page))).toEqual([]);
      if (viewport === DESKTOP) {
        const first = workload.getByTestId('workload-row').first();
        const before = Number(await first.locator('td').first().textContent());
        await first.getByRole('button').click();
        await settled(page);
        await screenshot(page, '52-directrice-pilotage');
        await workload
          .getByRole('button', { name: /Changer de conseiller/ })
          .first()
          .click();
        await workload.getByLabel('Nouveau conseiller').selectOption({ index: 1 });
        await workload.getByRole('button', { name: 'Valider' }).click();
        await expect
          .poll(async () => Number(await first.locator('td').first().textContent()))
          .toBe(before - 1);
      }
      expect(director.errors).toEqual([]);
      await director.context.close();
    }
  });
});
