import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { confirmByEmailedCode, openAs, screenshot, useAppAndBrowser } from './pages';

const ctx = useAppAndBrowser();
const PHONE = { width: 390, height: 844 };

async function openTransferForm(page: Page) {
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('link', { name: 'Virements', exact: true })
    .click();
  return page.getByRole('form', { name: 'Nouveau virement' });
}

/** Picks the client's own other account (their Livret) as the payee. */
async function payOwnAccount(form: Locator) {
  const beneficiary = form.getByLabel('Bénéficiaire', { exact: true });
  const livret = beneficiary.locator('optgroup[label="Mes comptes"] option').first();
  await beneficiary.selectOption({ label: (await livret.textContent())! });
}

describe('scheduled and standing transfers', () => {
  it('a client sets up a standing transfer on a phone, sees it in « Mes virements », changes and stops it', async () => {
    const { page, errors } = await openAs(ctx.browser, ctx.app.url, 'client1@avenir.test', PHONE);
    const form = await openTransferForm(page);
    await payOwnAccount(form);
    // The available balance is checked as the amount is typed, before « Continuer ».
    await form.getByLabel('Montant (€)').fill('999999');
    await form.getByText(/Solde insuffisant : .* disponibles/).waitFor();
    await form.getByLabel('Montant (€)').fill('50,00');
    await expect.poll(() => form.getByText(/Solde insuffisant/).count()).toBe(0);
    await form.getByLabel('Libellé (facultatif)').fill('Épargne mensuelle');
    await form.getByRole('radio', { name: 'Virement permanent' }).check();
    await form.getByLabel('Fréquence').selectOption('monthly');
    await form.getByLabel('Fin', { exact: true }).selectOption('count');
    await form.getByLabel('Nombre de virements').fill('12');
    await form.getByRole('group', { name: 'Quand ?' }).scrollIntoViewIfNeeded();
    await screenshot(page, '20-virement-permanent-mobile');
    await form.getByRole('button', { name: 'Continuer' }).click();
    const confirm = page.getByTestId('transfer-confirm');
    await confirm.getByText(/Chaque mois à partir du .*, 12 fois, à 6 h/).waitFor();
    await confirm.getByRole('button', { name: 'Confirmer la programmation' }).click();
    await page
      .getByTestId('transfer-done')
      .filter({ hasText: 'Virement permanent enregistré' })
      .waitFor();

    const list = page.getByRole('region', { name: 'Mes virements' });
    await list.getByRole('button', { name: 'Permanents' }).click();
    const mine = list.getByTestId('scheduled-item').filter({ hasText: 'Épargne mensuelle' });
    await mine.waitFor();
    await list.getByTestId('scheduled-item').filter({ hasText: 'Loyer' }).waitFor(); // the fixture
    expect(await list.getByTestId('past-transfer').count()).toBe(0);
    await mine.locator('summary').click();
    await mine.getByText('Aucune pour le moment.').waitFor();
    await mine.scrollIntoViewIfNeeded();
    await screenshot(page, '21-mes-virements-mobile');
    // No sideways scroll on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );

    await mine.getByRole('button', { name: 'Modifier' }).click();
    await mine.getByLabel('Montant (€)').fill('60,00');
    await mine.getByRole('button', { name: 'Enregistrer' }).click();
    await mine.getByText('60,00 €').first().waitFor();
    await mine.getByRole('button', { name: 'Arrêter ce virement permanent' }).click();
    await mine.getByRole('button', { name: 'Confirmer l’arrêt' }).click();
    await mine.getByText('Annulé').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('after an immediate transfer: the new balance, the receipt link, the transfer in the list', async () => {
    const { page, errors } = await openAs(ctx.browser, ctx.app.url, 'client2@avenir.test', PHONE);
    const agent = await ctx.app.login('client2@avenir.test');
    const accounts = (await agent.get('/api/accounts')).body.items;
    const checking = accounts.find((a: any) => a.type === 'checking');
    const form = await openTransferForm(page);
    await payOwnAccount(form);
    await form.getByLabel('Montant (€)').fill('10,00');
    await form.getByLabel('Libellé (facultatif)').fill('Vers le livret');
    await form.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('button', { name: 'Confirmer le virement' }).click();
    const done = page.getByTestId('transfer-done');
    await done.filter({ hasText: 'Virement effectué' }).waitFor();
    const after = (await agent.get('/api/accounts')).body.items.find(
      (a: any) => a.id === checking.id,
    );
    expect(after.balanceCents).toBe(checking.balanceCents - 1_000);
    await expect
      .poll(() => done.getByTestId('new-balance').textContent())
      .toContain(
        new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(
          after.balanceCents / 100,
        ),
      );
    const transfer = (await agent.get('/api/transfers?limit=1')).body.items[0];
    expect(
      await done.getByRole('link', { name: 'Justificatif de virement (PDF)' }).getAttribute('href'),
    ).toBe(`/api/transfers/${transfer.id}/receipt.pdf`);
    const list = page.getByRole('region', { name: 'Mes virements' });
    await list.getByRole('button', { name: 'Passés' }).click();
    const item = list.getByTestId('past-transfer').filter({ hasText: 'Vers le livret' });
    await item.locator('summary').click();
    await item.getByText(`VIR-${transfer.id}`).waitFor();
    // client2's one-off fixture is under « Programmés ».
    await list.getByRole('button', { name: 'Programmés' }).click();
    await list
      .getByTestId('scheduled-item')
      .filter({ hasText: 'Remboursement week-end' })
      .waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('offers « Enregistrer ce bénéficiaire » after paying a new IBAN', async () => {
    const { page, errors } = await openAs(ctx.browser, ctx.app.url, 'client3@avenir.test', PHONE);
    const form = await openTransferForm(page);
    await form.getByLabel('IBAN du bénéficiaire').fill('FR34 3000 4000 0100 0000 0424 200');
    await form.getByLabel('Nom du bénéficiaire').fill('Garage Martin');
    await form.getByLabel('Montant (€)').fill('12,00');
    await form.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('button', { name: 'Confirmer le virement' }).click();
    // A new payee: the transfer and then saving the payee are each confirmed (strong authentication).
    await confirmByEmailedCode(page, ctx.app, 'client3@avenir.test');
    const done = page.getByTestId('transfer-done');
    await done.getByRole('button', { name: 'Enregistrer ce bénéficiaire' }).click();
    const add = done.getByRole('form', { name: 'Ajouter un bénéficiaire' });
    expect(await add.getByLabel('Nom du bénéficiaire').inputValue()).toBe('Garage Martin');
    await add.getByRole('button', { name: 'Ajouter' }).click();
    await confirmByEmailedCode(page, ctx.app, 'client3@avenir.test');
    await done.getByText('Bénéficiaire enregistré.').waitFor();
    await page.getByTestId('beneficiary').filter({ hasText: 'Garage Martin' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
