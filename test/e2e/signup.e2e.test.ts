import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAs, screenshot, useAppAndBrowser } from './pages';
import { audit, basics, report } from './axe';
import { isValidIban } from '../../src/accounts/iban';

const ctx = useAppAndBrowser();

/** Fills the sign-up form as a person would (phone number in the French way). */
async function fillSignup(page: Page, email: string, password: string) {
  await page.getByLabel('Madame').check();
  await page.getByLabel('Prénom').fill('Lina');
  await page.getByLabel('Nom', { exact: true }).fill('Moreau');
  await page.getByLabel('Date de naissance').fill('1994-06-21');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Téléphone mobile').fill('06 11 22 33 44');
  await page.getByLabel('Adresse', { exact: true }).fill('8 rue des Tanneurs');
  await page.getByLabel('Code postal').fill('67000');
  await page.getByLabel('Ville').fill('Strasbourg');
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('checkbox', { name: /J’accepte les conditions générales/ }).check();
}

/** Opens the confirmation link mailed to `email` (read from the dev mailbox), as a person would. */
async function confirmByMail(page: Page, email: string) {
  const mailTo = async () =>
    ((await ctx.app.anon().get('/dev/mailbox.json')).body.items as any[]).find(
      (m) => m.to === email,
    );
  await expect.poll(mailTo).toBeTruthy();
  const link = /https?:\/\/\S+\/verify-email\?token=\w+/.exec((await mailTo()).text)![0];
  // The mail names APP_URL (localhost here); the browser is on the test server's own address.
  const url = new URL(link);
  await page.goto(url.pathname + url.search);
}

describe('a newcomer comes in through the front door', () => {
  it('landing → sign-up (what a bank asks) → mail → checklist: fund, advisor, dismiss', async () => {
    const { page, errors } = await openAs(ctx.browser, ctx.app.url);
    await page.goto('/');
    await page.getByRole('heading', { name: 'La banque qui vous répond en temps réel' }).waitFor();
    await page.getByRole('link', { name: 'Se connecter' }).waitFor();
    await basics(page);
    expect(report('accueil', await audit(page))).toEqual([]);
    await screenshot(page, '20-accueil-visiteur');
    await page.getByRole('link', { name: 'Ouvrir un compte' }).click();
    expect(await page.title()).toContain('Ouvrir un compte');

    // nothing filled: each field says what it needs, the first is focused
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByText('Civilité requise.').waitFor();
    await page.getByText('Acceptez les conditions générales').waitFor();
    // under 18: refused before it is sent
    await fillSignup(page, 'lina.moreau@exemple.fr', 'court');
    await page.getByLabel('Date de naissance').fill(`${new Date().getFullYear() - 17}-01-01`);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByText('Vous devez être majeur pour ouvrir un compte').waitFor();
    await page.getByLabel('Date de naissance').fill('1994-06-21');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByText('Au moins 10 caractères.').waitFor();
    const password = page.getByLabel('Mot de passe', { exact: true });
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    // the password can be shown to check it, and hidden again
    await password.fill('motdepasse-solide');
    expect(await password.getAttribute('type')).toBe('password');
    await page.getByRole('button', { name: 'Afficher le mot de passe' }).click();
    expect(await password.getAttribute('type')).toBe('text');
    expect(report('inscription', await audit(page))).toEqual([]);
    await screenshot(page, '01-inscription');
    await page.getByRole('button', { name: 'Masquer le mot de passe' }).click();
    // the terms and the privacy notice are linked from the form
    expect(
      await page.getByRole('link', { name: 'conditions générales' }).getAttribute('href'),
    ).toBe('/conditions');
    expect(
      await page.getByRole('link', { name: 'politique de confidentialité' }).getAttribute('href'),
    ).toBe('/confidentialite');

    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByRole('heading', { name: 'Vérifiez votre boîte de réception' }).waitFor();
    await confirmByMail(page, 'lina.moreau@exemple.fr');

    // the checklist, with the IBAN to give an employer
    const checklist = page.getByRole('region', { name: 'Bien démarrer' });
    await checklist.waitFor();
    expect(new URL(page.url()).search).toBe(''); // the token left the address bar
    const iban = (await checklist.getByTestId('onboarding-iban').textContent())!.replace(/\s/g, '');
    expect(isValidIban(iban)).toBe(true);
    await expect.poll(() => checklist.getByText('0 sur 4 étapes').isVisible()).toBe(true);
    await page.getByRole('heading', { name: 'Bonjour Lina' }).waitFor();
    expect(report('bien démarrer', await audit(page))).toEqual([]);
    await screenshot(page, '21-bien-demarrer');

    // fund the account (outside production): the step ticks itself from the live balance
    await checklist.getByRole('button', { name: 'Simuler un virement entrant' }).click();
    await checklist.getByLabel('Montant (€)').fill('1200');
    await checklist.getByRole('button', { name: 'Créditer' }).click();
    await checklist.getByText('1 sur 4 étapes').waitFor();
    // meet the advisor: the chat opens, the step is kept on the server
    await checklist.getByRole('link', { name: /^Écrire à / }).click();
    await page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
    await page.waitForURL(/\/messages$/);
    await page.getByRole('link', { name: 'Comptes' }).first().click();
    await checklist.getByText('2 sur 4 étapes').waitFor();
    // a reload reads the progress back from the server
    await page.reload();
    await checklist.getByText('2 sur 4 étapes').waitFor();
    await checklist.getByRole('button', { name: 'Masquer ces conseils' }).click();
    await checklist.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { name: 'Bonjour Lina' }).waitFor();
    await page.getByTestId('operation').first().waitFor(); // a positive sign the home has loaded
    expect(await checklist.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('a deep link is never lost', () => {
  it('is kept through the sign-in', async () => {
    const { page, errors } = await openAs(ctx.browser, ctx.app.url);
    await page.goto('/bourse/2?onglet=carnet');
    await page.getByRole('heading', { name: 'Connexion à votre espace' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/connexion');
    await page.getByLabel('Adresse e-mail').fill('client3@avenir.test');
    await page.getByLabel('Mot de passe').fill('Avenir-2026!');
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.waitForURL((url) => url.pathname + url.search === '/bourse/2?onglet=carnet');
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('is kept through the e-mail confirmation of a newcomer', async () => {
    const { page, errors } = await openAs(ctx.browser, ctx.app.url);
    await page.goto('/virements');
    await page.getByRole('heading', { name: 'Connexion à votre espace' }).waitFor();
    await page.getByRole('link', { name: 'Ouvrir un compte' }).click();
    await fillSignup(page, 'lien.profond@exemple.fr', 'motdepasse-solide');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByRole('heading', { name: 'Vérifiez votre boîte de réception' }).waitFor();
    await confirmByMail(page, 'lien.profond@exemple.fr');
    await page.getByRole('heading', { name: 'Virements', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/virements');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
