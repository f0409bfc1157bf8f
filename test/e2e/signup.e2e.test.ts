import { describe, expect, it } from 'vitest';
import { openAs, screenshot, useAppAndBrowser } from './pages';
import { isValidIban } from '../../src/accounts/iban';

const ctx = useAppAndBrowser();

describe('a newcomer signs up', () => {
  it('fills the form, opens the mail in the dev mailbox, clicks the link and sees their IBAN and advisor', async () => {
    const { page, errors } = await openAs(ctx.browser, ctx.app.url);
    await page.goto('/inscription');
    expect(await page.title()).toContain('Ouvrir un compte');
    await page.getByLabel('Prénom').fill('Lina');
    await page.getByLabel('Nom', { exact: true }).fill('Moreau');
    await page.getByLabel('Adresse e-mail').fill('lina.moreau@exemple.fr');
    await page.getByLabel('Mot de passe').fill('court');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    // the API's field error is shown inline, tied to the field
    await expect.poll(() => page.getByText('Au moins 10 caractères.').isVisible()).toBe(true);
    expect(await page.getByLabel('Mot de passe').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, '01-inscription');

    await page.getByLabel('Mot de passe').fill('motdepasse-solide');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByRole('heading', { name: 'Vérifiez votre boîte de réception' }).waitFor();
    await page.getByRole('link', { name: 'boîte de réception de développement' }).waitFor();

    // the dev mailbox, as a person would open it, and the link in the mail
    await page.goto('/dev/mailbox');
    const link = page.getByRole('link', { name: /verify-email\?token=/ }).first();
    await link.click();
    await page.getByTestId('iban').waitFor();
    expect(new URL(page.url()).search).toBe(''); // the token left the address bar
    const iban = (await page.getByTestId('iban').textContent())!.replace(/\s/g, '');
    expect(isValidIban(iban)).toBe(true);
    expect(await page.getByTestId('iban').textContent()).toMatch(/^FR\d{2}( \d{4}){5} \d{3}$/);
    // the new account's balance (Intl's no-break spaces read as spaces)
    await expect
      .poll(async () => (await page.getByTestId('balance').textContent())?.replace(/\s/g, ' '))
      .toBe('0,00 €');
    await page.getByRole('heading', { name: /^Votre conseill(er|ère)$/ }).waitFor();
    expect(await page.getByRole('heading', { name: 'Bonjour Lina' }).isVisible()).toBe(true);
    await screenshot(page, '02-espace-client-nouveau');
    expect(errors).toEqual([]);
  });
});
