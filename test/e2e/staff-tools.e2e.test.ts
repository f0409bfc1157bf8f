import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAs, screenshot, useAppAndBrowser } from './pages';

const ctx = useAppAndBrowser();

const inboxItem = (page: Page, name: string) =>
  page.getByTestId('inbox-item').filter({ hasText: name });

describe('staff tools (issue 13)', () => {
  it('an appointment notification: real date and time, no send while a « … » remains, no refill after, read state live', async () => {
    const advisor = await openAs(ctx.browser, ctx.app.url, 'conseiller1@avenir.test');
    await advisor.page.getByRole('tab', { name: 'Publier' }).click();
    const form = advisor.page.getByTestId('notification-composer');
    await form.getByLabel('Client').selectOption({ label: 'Camille Durand — client1@avenir.test' });
    await form.getByLabel('Type').selectOption('appointment');
    const body = form.getByLabel('Message');
    expect(await body.inputValue()).toContain('le … à …');

    // the « … » are still there: nothing leaves
    await form.getByRole('button', { name: 'Envoyer' }).click();
    await form.getByText('Complétez les « … » du modèle avant d’envoyer.').waitFor();
    // the form moves the focus to the message after showing the error: poll for it
    await expect
      .poll(() => advisor.page.evaluate(() => document.activeElement?.getAttribute('name')))
      .toBe('body');

    await form.getByLabel('Date du rendez-vous').fill('2026-12-10');
    await form.getByLabel('Heure').fill('14:30');
    await expect.poll(() => body.inputValue()).toContain('le jeudi 10 décembre à 14 h 30');
    await screenshot(advisor.page, '08-conseiller-rendez-vous');
    await form.getByRole('button', { name: 'Envoyer' }).click();
    await advisor.page.getByText('Notification envoyée à Camille Durand.').waitFor();
    // the form starts over: no recipient, the template's « … » back
    expect(await form.getByLabel('Client').inputValue()).toBe('');
    expect(await body.inputValue()).toContain('le … à …');

    // « Notifications envoyées » follows the client's reading live
    const row = advisor.page.getByTestId('sent-notification').first();
    await expect.poll(() => row.textContent()).toContain('Camille Durand');
    expect(await row.getByTestId('sent-status').textContent()).toBe('Non lue');
    const client = await ctx.app.login('client1@avenir.test');
    const mine = (await client.get('/api/notifications')).body.items[0];
    expect(mine.body).toContain('le jeudi 10 décembre à 14 h 30');
    expect((await client.post(`/api/notifications/${mine.id}/read`)).status).toBe(204);
    await expect.poll(() => row.getByTestId('sent-status').textContent()).toBe('Lue');
    await advisor.context.close();
  });

  it('the inbox: search, « Non lus / Tous », the client panel, the « e-mail non confirmé » tag, the staff bell', async () => {
    const advisor = await openAs(ctx.browser, ctx.app.url, 'conseiller1@avenir.test');
    const page = advisor.page;
    await page.getByRole('tab', { name: /Messages clients/ }).click();
    await inboxItem(page, 'Chloé Robert').waitFor();
    const count = () => page.getByTestId('inbox-item').count();
    expect(await count()).toBeGreaterThanOrEqual(3);

    // the unconfirmed sign-up is tagged in the list
    await expect
      .poll(() => inboxItem(page, 'Paul Attente').getByTestId('email-unverified').count())
      .toBe(1);

    // « Non lus »: only conversations with unread messages (Chloé wrote twice, unanswered)
    await page.getByRole('button', { name: 'Non lus', exact: true }).click();
    await expect.poll(count).toBeLessThan(4);
    expect(await inboxItem(page, 'Chloé Robert').count()).toBe(1);
    expect(await inboxItem(page, 'Paul Attente').count()).toBe(0);
    await page.getByRole('button', { name: 'Tous', exact: true }).click();

    // search ignores case and accents
    await page.getByLabel('Rechercher une conversation').fill('chloe');
    await expect.poll(count).toBe(1);
    await page.getByLabel('Rechercher une conversation').fill('');

    // the staff bell counts every unread message and opens the conversation
    const bell = page.getByTestId('staff-bell');
    await expect
      .poll(async () => Number(await bell.getByTestId('bell-badge').textContent()))
      .toBeGreaterThan(0);
    await page.getByRole('tab', { name: 'Publier' }).click();
    await bell.click();
    await page.getByTestId('staff-bell-item').filter({ hasText: 'Chloé Robert' }).click();
    await page.getByRole('heading', { name: 'Chloé Robert' }).waitFor();

    // the client panel beside the thread, and the « Non lus » divider where the unread start
    const panel = page.getByTestId('client-panel');
    await panel.getByText('client3@avenir.test').waitFor();
    expect(await panel.textContent()).toContain('confirmé');
    expect(await panel.textContent()).toContain('Julien Fabre');
    await page.getByTestId('unread-divider').waitFor();
    // times under the day separators: the hour, not the date again
    const times = await page.getByTestId('chat-message').locator('time').allTextContents();
    expect(times.every((t) => /^\d{2}:\d{2}$|^il y a \d+ min$|^à l’instant$/.test(t))).toBe(true);
    await screenshot(page, '09-conseiller-fiche-client');

    await inboxItem(page, 'Paul Attente').click();
    await page.getByTestId('client-panel').getByTestId('email-unverified').waitFor();
    await advisor.context.close();
  });

  it('the director: « Changer de conseiller » on a client, and a read-only supervision of client conversations', async () => {
    const director = await openAs(ctx.browser, ctx.app.url, 'directeur@avenir.test');
    const page = director.page;
    // « Messages clients » is no longer empty for the director: every client conversation, read-only
    await page.getByRole('tab', { name: /Messages clients/ }).click();
    await inboxItem(page, 'Léa Bernard').click();
    const thread = page.getByTestId('supervised-thread');
    await thread.getByText('faut-il aussi un justificatif de domicile').waitFor();
    expect(await thread.textContent()).toContain('Lecture seule');
    expect(await page.getByLabel('Votre message').count()).toBe(0);
    await screenshot(page, '10-directrice-supervision');

    // the supervision follows new messages without a reload
    const client = await ctx.app.login('client5@avenir.test');
    const conv = (await client.get('/api/conversations')).body.items[0];
    await client.post(`/api/conversations/${conv.id}/messages`, {
      body: 'Et faut-il prendre rendez-vous ?',
      clientId: 'sup-1',
    });
    await thread.getByText('Et faut-il prendre rendez-vous ?').waitFor({ timeout: 15_000 });

    // reassign Hugo Laurent (client4, Sophie Lemaire's) to Julien Fabre
    await page.getByRole('tab', { name: 'Clients', exact: true }).click();
    const row = page.getByTestId('client-row').filter({ hasText: 'Hugo Laurent' });
    expect(await row.getByTestId('client-advisor').textContent()).toContain('Sophie Lemaire');
    await row.getByRole('button', { name: /Changer de conseiller/ }).click();
    await row.getByLabel('Nouveau conseiller').selectOption({ label: 'Julien Fabre' });
    await screenshot(page, '11-directrice-changer-de-conseiller');
    await row.getByRole('button', { name: 'Valider' }).click();
    await row.getByText('Hugo Laurent est maintenant suivi par Julien Fabre.').waitFor();
    expect(await row.getByTestId('client-advisor').textContent()).toContain('Julien Fabre');
    const julien = await ctx.app.login('conseiller1@avenir.test');
    expect(
      (await julien.get('/api/clients')).body.items.some(
        (c: any) => c.email === 'client4@avenir.test',
      ),
    ).toBe(true);
    await director.context.close();
  });
});
