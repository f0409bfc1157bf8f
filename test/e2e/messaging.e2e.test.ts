import { describe, expect, it } from 'vitest';
import { openAs, screenshot, useAppAndBrowser } from './pages';

const ctx = useAppAndBrowser();

describe('messaging and language (issue 13)', () => {
  it('unread count in the tab title, an optional sound, the typist named for the client, relative times', async () => {
    const advisor = await openAs(ctx.browser, ctx.app.url, 'conseiller1@avenir.test');
    const client = await openAs(ctx.browser, ctx.app.url, 'client1@avenir.test');
    // the advisor is elsewhere than the conversation: what arrives counts in the title
    await advisor.page.getByRole('tab', { name: 'Publier' }).click();
    await expect.poll(() => advisor.page.title()).toMatch(/^\(\d+\) Publier — AVENIR$/);
    const unread = async () => Number(/^\((\d+)\)/.exec(await advisor.page.title())?.[1] ?? 0);
    const before = await unread();

    // the sound is off until turned on; then each incoming message chimes
    const sound = advisor.page.getByTestId('sound-toggle');
    expect(await sound.getAttribute('aria-pressed')).toBe('false');
    await sound.click();
    expect(await sound.getAttribute('aria-pressed')).toBe('true');

    const composer = client.page.getByLabel('Votre message');
    await composer.fill('Une question sur mon relevé');
    await composer.press('Enter');
    await expect.poll(unread).toBe(before + 1);
    await expect.poll(() => sound.getAttribute('data-sounds')).toBe('1');
    // the choice survives a reload
    await advisor.page.reload();
    await advisor.page.getByTestId('sound-toggle').waitFor();
    expect(await advisor.page.getByTestId('sound-toggle').getAttribute('aria-pressed')).toBe(
      'true',
    );

    // a fresh message says « à l’instant », not a date
    const mine = client.page.getByTestId('chat-message').filter({ hasText: 'mon relevé' });
    expect(await mine.locator('time').textContent()).toBe('à l’instant');

    // the client sees who is typing, by name
    await advisor.page.getByRole('tab', { name: /Messages clients/ }).click();
    await advisor.page.getByTestId('inbox-item').filter({ hasText: 'Camille Durand' }).click();
    await advisor.page.getByLabel('Votre message').pressSequentially('Je regarde', { delay: 20 });
    await expect
      .poll(() => client.page.getByTestId('typing-indicator').textContent())
      .toContain('Julien est en train d’écrire…');
    await screenshot(client.page, '14-client-saisie-nommee');
    await advisor.context.close();
    await client.context.close();
  });

  it('feminine titles; a welcome on first arrival only', async () => {
    // client4 has a history with Sophie Lemaire: no welcome for them
    const regular = await openAs(ctx.browser, ctx.app.url, 'client4@avenir.test');
    await regular.page.getByRole('heading', { name: 'Votre conseillère' }).waitFor();
    await regular.page.getByTestId('chat-message').first().waitFor();
    expect(await regular.page.getByTestId('welcome').count()).toBe(0);
    await regular.context.close();
    // client6 (Sophie Lemaire's too) has not written yet: welcomed once
    const client = await openAs(ctx.browser, ctx.app.url, 'client6@avenir.test');
    const page = client.page;
    await page.getByRole('heading', { name: 'Votre conseillère' }).waitFor();
    expect(await page.getByText('Conseillère AVENIR').isVisible()).toBe(true);
    await expect
      .poll(() => page.getByTestId('client-chat').textContent())
      .toContain('Votre conseillère');
    const welcome = page.getByTestId('welcome');
    await welcome.waitFor();
    expect(await welcome.textContent()).toContain('Sophie Lemaire, votre conseillère');
    await welcome.getByRole('button', { name: 'C’est parti' }).click();
    await page.reload();
    await page.getByRole('heading', { name: 'Votre conseillère' }).waitFor();
    expect(await page.getByTestId('welcome').count()).toBe(0);
    await client.context.close();
  });

  it('forms: per-field « requis » errors, the focus on the first one; a used link opened again while signed in', async () => {
    const { page, context } = await openAs(ctx.browser, ctx.app.url);
    await page.goto('/connexion');
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.getByText('Adresse e-mail requise.').waitFor();
    expect(await page.getByText('Mot de passe requis.').isVisible()).toBe(true);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')))
      .toBe('email');
    await page.getByLabel('Adresse e-mail').fill('quelquun@exemple.fr');
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')))
      .toBe('password');
    await screenshot(page, '15-connexion-champs-requis');

    await page.goto('/inscription');
    await page.getByLabel('Madame').check();
    await page.getByLabel('Prénom').fill('Nora');
    await page.getByLabel('Nom', { exact: true }).fill('Petit');
    await page.getByLabel('Date de naissance').fill('1988-03-09');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByText('Adresse e-mail requise.').waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')))
      .toBe('email');

    // a sign-up, its link opened (signed in), then opened again
    await page.getByLabel('Adresse e-mail').fill('nora.petit@exemple.fr');
    await page.getByLabel('Téléphone mobile').fill('07 00 11 22 33');
    await page.getByLabel('Adresse', { exact: true }).fill('1 place Bellecour');
    await page.getByLabel('Code postal').fill('69002');
    await page.getByLabel('Ville').fill('Lyon');
    await page.getByLabel('Mot de passe', { exact: true }).fill('motdepasse-solide');
    await page.getByRole('checkbox', { name: /J’accepte les conditions générales/ }).check();
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByRole('heading', { name: 'Vérifiez votre boîte de réception' }).waitFor();
    const mails = (await ctx.app.anon().get('/dev/mailbox.json')).body.items;
    const mail = mails.find((m: any) => m.to === 'nora.petit@exemple.fr');
    const link = /https?:\/\/\S+verify-email\?token=\S+/.exec(mail.text)![0];
    const path = new URL(link).pathname + new URL(link).search;
    await page.goto(path);
    await page.getByTestId('welcome').waitFor();
    await page.goto(path);
    await page.getByRole('heading', { name: 'Adresse déjà confirmée' }).waitFor();
    expect(await page.getByText('nora.petit@exemple.fr').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Aller à mon espace' }).click();
    await page.getByRole('heading', { name: 'Bonjour Nora' }).waitFor();
    await context.close();
  });
});
