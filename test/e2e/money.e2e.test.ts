import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openAs, screenshot, settled, useAppAndBrowser } from './pages';
import { trustPayee } from '../sca';

const ctx = useAppAndBrowser();

const balanceCents = async (page: Page) =>
  Number(await page.getByTestId('balance').getAttribute('data-cents'));

/** Fills the transfer form and goes to the confirmation step. */
async function prepareTransfer(
  page: Page,
  to: { iban: string; name: string },
  amount: string,
  label: string,
) {
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('link', { name: 'Virements', exact: true })
    .click();
  const form = page.getByRole('form', { name: 'Nouveau virement' });
  await form
    .getByLabel('IBAN du bénéficiaire')
    .pressSequentially(to.iban.toLowerCase(), { delay: 5 });
  // grouped by four as it is typed
  expect(await form.getByLabel('IBAN du bénéficiaire').inputValue()).toBe(
    to.iban.replace(/(.{4})(?=.)/g, '$1 '),
  );
  await form.getByLabel('Nom du bénéficiaire').fill(to.name);
  await form.getByLabel('Montant (€)').fill(amount);
  await form.getByLabel('Libellé (facultatif)').fill(label);
  await form.getByRole('button', { name: 'Continuer' }).click();
  await page.getByTestId('transfer-confirm').waitFor();
}

describe('money, live', () => {
  it('a client sends money to another; the recipient sees the balance and the notification live; CSV and statement', async () => {
    const sender = await openAs(ctx.browser, ctx.app.url, 'client1@avenir.test');
    const recipient = await openAs(ctx.browser, ctx.app.url, 'client2@avenir.test');
    const agent2 = await ctx.app.login('client2@avenir.test');
    const target = (await agent2.get('/api/accounts')).body.items.find(
      (a: any) => a.type === 'checking',
    );
    const holder = `${agent2.user.firstName} ${agent2.user.lastName}`;
    // A saved payee: no confirmation sheet here (test/e2e/sca.e2e.test.ts walks through it).
    await trustPayee(await ctx.app.login('client1@avenir.test'), target.iban);
    await recipient.page.getByTestId('balance').waitFor();
    await recipient.page.getByTestId('operation').first().waitFor();
    const before = await balanceCents(recipient.page);
    const opsBefore = await recipient.page.getByTestId('operation').count();

    // a name one letter off: the payee check says whose account it is before confirming
    const almost = holder.slice(0, -1) + (holder.endsWith('e') ? 'a' : 'e');
    await prepareTransfer(
      sender.page,
      { iban: target.iban, name: almost },
      '12,34',
      'Remboursement cinéma',
    );
    await expect
      .poll(() => sender.page.getByTestId('vop').textContent())
      .toContain(`Le nom ne correspond pas au titulaire : ${holder} ?`);
    await sender.page.getByRole('button', { name: `Utiliser « ${holder} »` }).click();
    await sender.page.getByTestId('vop').filter({ hasText: 'Nom vérifié' }).waitFor();
    await sender.page.getByRole('button', { name: 'Confirmer le virement' }).click();
    await sender.page
      .getByTestId('transfer-done')
      .filter({ hasText: 'Virement effectué' })
      .waitFor();

    // the recipient's open page: new balance, the operation on top, the toast, without reload
    await expect.poll(() => balanceCents(recipient.page)).toBe(before + 1234);
    await recipient.page
      .getByTestId('toast')
      .filter({ hasText: /Virement reçu/ })
      .waitFor();
    const top = recipient.page.getByTestId('operation').first();
    await expect.poll(() => top.textContent()).toContain('+12,34');
    expect(await recipient.page.getByTestId('operation').count()).toBe(opsBefore + 1);
    await settled(recipient.page); // the balance's highlight has faded
    await screenshot(recipient.page, '16-banque-accueil');

    // CSV: BOM, French header
    const [download] = await Promise.all([
      recipient.page.waitForEvent('download'),
      recipient.page.getByTestId('csv-link').click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFDate;Libellé;Montant;Solde;Contrepartie;IBAN contrepartie')).toBe(
      true,
    );
    expect(csv).toContain('12,34');

    // the statement of this month ends on the balance shown
    await recipient.page.getByRole('link', { name: 'Relevés' }).click();
    const statement = recipient.page.getByTestId('statement');
    await statement.getByTestId('closing-balance').waitFor();
    expect((await statement.getByTestId('closing-balance').textContent())!.replace(/\s/g, '')).toBe(
      new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' })
        .format((before + 1234) / 100)
        .replace(/\s/g, ''),
    );
    expect(await statement.textContent()).toContain('Remboursement cinéma');
    await screenshot(recipient.page, '18-releve');

    // the sender's side: the money left, with a minus sign
    await sender.page.getByRole('link', { name: 'Comptes', exact: true }).click();
    await expect
      .poll(() => sender.page.getByTestId('operation').first().textContent())
      .toContain('−12,34');

    for (const p of [sender, recipient]) {
      expect(p.errors).toEqual([]);
      await p.context.close();
    }
  });

  it('an external transfer is labelled simulated; a refusal is explained; the bank home on a phone', async () => {
    await trustPayee(await ctx.app.login('client3@avenir.test'), 'DE89370400440532013000');
    const phone = await openAs(ctx.browser, ctx.app.url, 'client3@avenir.test', {
      width: 390,
      height: 844,
    });
    const page = phone.page;
    await page.getByTestId('balance').waitFor();
    await page.getByTestId('operation').first().waitFor();
    await screenshot(page, '17-banque-accueil-mobile');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, '19-banque-accueil-mobile-sombre');
    await page.emulateMedia({ colorScheme: 'light' });
    const available = Number(await page.getByTestId('balance').getAttribute('data-cents'));

    // another bank's IBAN: no verification possible, « simulé » before confirming
    await prepareTransfer(
      page,
      { iban: 'DE89370400440532013000', name: 'Hans Müller' },
      '1,00',
      'Test',
    );
    expect(await page.getByTestId('transfer-confirm').textContent()).toContain('Simulé');
    expect(await page.getByTestId('vop').textContent()).toContain('ne peut pas être vérifié');
    await page.getByRole('button', { name: 'Modifier' }).click();

    // more than the account holds: the form says so as it is typed, and goes no further
    const form = page.getByRole('form', { name: 'Nouveau virement' });
    const amount = form.getByLabel('Montant (€)');
    await amount.fill('99999,99');
    expect(available).toBeLessThan(9_999_999);
    await form.getByText(/Solde insuffisant : .* disponibles sur ce compte/).waitFor();
    await form.getByRole('button', { name: 'Continuer' }).click();
    await expect.poll(() => amount.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByTestId('transfer-confirm').count()).toBe(0);
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });

  it('opens, renames and credits an account (simulated deposit); closing a non-empty one is explained', async () => {
    const { page, context, errors } = await openAs(ctx.browser, ctx.app.url, 'client4@avenir.test');
    await page.getByTestId('account-row').first().waitFor();
    const rows = await page.getByTestId('account-row').count();
    await page.getByRole('button', { name: 'Ouvrir un compte' }).click();
    const open = page.getByRole('form', { name: 'Ouvrir un compte' });
    await open.getByLabel('Nom du compte').fill('Projets');
    await open.getByRole('button', { name: 'Ouvrir le compte' }).click();
    await expect.poll(() => page.getByTestId('account-row').count()).toBe(rows + 1);
    // the new account is selected: its card, empty history
    await page.getByTestId('account-card').filter({ hasText: 'Projets' }).waitFor();
    expect(await balanceCents(page)).toBe(0);

    // the account's actions sit behind its « … »
    await page.getByRole('button', { name: 'Gérer ce compte' }).click();
    await page.getByRole('button', { name: 'Renommer' }).click();
    const rename = page.getByRole('form', { name: 'Renommer le compte' });
    await rename.getByLabel('Nouveau nom').fill('Vacances');
    await rename.getByRole('button', { name: 'Renommer' }).click();
    await page.getByTestId('account-card').filter({ hasText: 'Vacances' }).waitFor();

    await page.getByRole('button', { name: 'Simuler un virement entrant' }).click();
    const deposit = page.getByRole('form', { name: 'Simuler un virement entrant' });
    await deposit.getByLabel('Montant (€)').fill('150,50');
    await deposit.getByRole('button', { name: 'Créditer' }).click();
    await expect.poll(() => balanceCents(page)).toBe(15050); // live, from account.updated
    await expect.poll(() => page.getByTestId('operation').count()).toBe(1);

    await page.getByRole('button', { name: 'Clôturer' }).click();
    await page.getByRole('button', { name: 'Clôturer le compte' }).click();
    await page.getByRole('alert').filter({ hasText: 'n’est pas vide' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
