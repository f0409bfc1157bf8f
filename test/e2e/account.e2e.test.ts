import { describe, expect, it } from 'vitest';
import { openAs, screenshot, useAppAndBrowser } from './pages';

const ctx = useAppAndBrowser();

describe('password and sessions, as a client would use them', () => {
  it('forgot password → mail → new password (the token leaves the URL) → sign in with it', async () => {
    const { page, errors } = await openAs(ctx.browser, ctx.app.url);
    await page.goto('/connexion');
    await page.getByLabel('Adresse e-mail').fill('client2@avenir.test');
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.getByRole('heading', { name: 'Mot de passe oublié' }).waitFor();
    expect(await page.getByLabel('Adresse e-mail').inputValue()).toBe('client2@avenir.test');
    await page.getByRole('button', { name: 'Recevoir le lien' }).click();
    await page
      .getByText('un lien pour choisir un nouveau mot de passe vient d’y être envoyé')
      .waitFor();

    await page.goto('/dev/mailbox');
    await page
      .getByRole('link', { name: /reset-password\?token=/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Choisissez un nouveau mot de passe' }).waitFor();
    await expect.poll(() => new URL(page.url()).search).toBe(''); // the token left the address bar
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('nouveau-secret-2026');
    await page.getByLabel('Confirmez le mot de passe', { exact: true }).fill('nouveau-secret-2026');
    await screenshot(page, '08-nouveau-mot-de-passe');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByRole('heading', { name: 'Mot de passe modifié' }).waitFor();
    await page.getByRole('link', { name: 'Me connecter' }).click();
    await page.getByLabel('Adresse e-mail').fill('client2@avenir.test');
    await page.getByLabel('Mot de passe', { exact: true }).fill('nouveau-secret-2026');
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('signing out while the server is unreachable says so and keeps trying, never pretending', async () => {
    const { page, context, errors } = await openAs(ctx.browser, ctx.app.url, 'client3@avenir.test');
    await page.route('**/api/auth/logout', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
    await page.getByText('La déconnexion a échoué').waitFor();
    expect(new URL(page.url()).pathname).toBe('/'); // still in the space, and told so
    // closed and reopened while still unreachable: the pending sign-out is finished first
    await page.reload();
    await page.getByRole('heading', { name: 'Connexion à votre espace' }).waitFor();
    // once the server answers again, the sign-out really happens
    await page.unroute('**/api/auth/logout');
    await page.reload();
    await page.getByRole('heading', { name: 'Connexion à votre espace' }).waitFor();
    const cookies = await context.cookies();
    const me = await page.evaluate(() => fetch('/api/me').then((r) => r.status));
    expect(me).toBe(401);
    expect(cookies.find((c) => c.name === 'avenir_session')?.value ?? '').toBe('');
    expect(errors).toEqual([]);
  });

  it('« Se déconnecter de tous les appareils » ends the other device’s session too', async () => {
    const phone = await openAs(ctx.browser, ctx.app.url, 'client4@avenir.test');
    const laptop = await openAs(ctx.browser, ctx.app.url, 'client4@avenir.test');
    await laptop.page.getByTitle('Autres options de déconnexion').click();
    await laptop.page.getByRole('button', { name: 'Se déconnecter de tous les appareils' }).click();
    await laptop.page.getByRole('heading', { name: 'Connexion à votre espace' }).waitFor();
    // the phone's live connections are closed: it lands on the login page by itself
    await phone.page.getByRole('heading', { name: 'Connexion à votre espace' }).waitFor();
    expect(phone.errors).toEqual([]);
    expect(laptop.errors).toEqual([]);
  });
});
