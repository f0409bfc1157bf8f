import { describe, expect, it } from 'vitest';
import { openAs, screenshot, useAppAndBrowser } from './pages';

const ctx = useAppAndBrowser();

describe('news and notifications, live', () => {
  it("an advisor's news reaches every client live; the notification only client1, with the bell badge and a toast", async () => {
    const client1 = await openAs(ctx.browser, ctx.app.url, 'client1@avenir.test');
    const client2 = await openAs(ctx.browser, ctx.app.url, 'client2@avenir.test');
    const advisor = await openAs(ctx.browser, ctx.app.url, 'conseiller1@avenir.test');
    for (const c of [client1, client2]) await c.page.getByTestId('news-feed').waitFor();
    const badge1 = client1.page.getByTestId('bell-badge');
    const badgeBefore = Number((await badge1.count()) ? await badge1.textContent() : 0);
    const badge2Before = await client2.page
      .getByTestId('bell-badge')
      .textContent()
      .catch(() => null);

    // the advisor publishes a news item from the "Publier" tab
    await advisor.page.getByRole('tab', { name: 'Publier' }).click();
    const newsForm = advisor.page.getByTestId('news-composer');
    const title = 'Nouveau : paiement sans contact relevé à 50 €';
    await newsForm.getByLabel('Titre').fill(title);
    await newsForm
      .getByLabel('Contenu')
      .fill('Dès lundi, le plafond du paiement sans contact passe à 50 € par achat.');
    await newsForm.getByRole('button', { name: /Publier/ }).click();

    for (const c of [client1, client2]) {
      await c.page.getByTestId('news-item').filter({ hasText: title }).waitFor();
      // newest first, at the top of the feed
      expect(await c.page.getByTestId('news-item').first().textContent()).toContain(title);
    }

    // then a personal notification to client1
    const notifForm = advisor.page.getByTestId('notification-composer');
    // Who client1 is, asked by their own page: another sign-in would add a « Nouvelle connexion » notification.
    const { user } = await client1.page.evaluate(() => fetch('/api/me').then((r) => r.json()));
    await notifForm
      .getByLabel('Client')
      .selectOption({ label: `${user.firstName} ${user.lastName} — ${user.email}` });
    await notifForm.getByLabel('Type').selectOption('appointment');
    const notifTitle = 'Votre rendez-vous de jeudi est confirmé';
    await notifForm.getByLabel('Titre').fill(notifTitle);
    // the template already greets the client by first name; the advisor completes it
    expect(await notifForm.getByLabel('Message').inputValue()).toContain(
      `Bonjour ${user.firstName}`,
    );
    await notifForm
      .getByLabel('Message')
      .fill(
        `Bonjour ${user.firstName}, votre rendez-vous est confirmé jeudi à 10 h, à l’agence Opéra.`,
      );
    await notifForm.getByRole('button', { name: /Envoyer/ }).click();
    await advisor.page.getByText('Notification envoyée').waitFor();
    await screenshot(advisor.page, '06-conseiller-publier');

    await client1.page.getByTestId('toast').filter({ hasText: notifTitle }).waitFor();
    await expect.poll(async () => Number(await badge1.textContent())).toBe(badgeBefore + 1);
    await client1.page.getByRole('button', { name: /^Notifications/ }).click();
    await client1.page.getByTestId('notification-item').filter({ hasText: notifTitle }).waitFor();
    await screenshot(client1.page, '07-client-notifications');

    // client2 saw the news but not the notification. A positive sign first: a news item sent
    // after the notification reaches client2 on the same ordered event stream, so the
    // notification, had it been for client2, would have arrived before it.
    const later = 'Rappel : nos agences seront fermées le 25 décembre';
    const staff = await ctx.app.login('conseiller1@avenir.test');
    expect((await staff.post('/api/news', { title: later, body: 'Bonnes fêtes.' })).status).toBe(
      201,
    );
    await client2.page.getByTestId('news-item').filter({ hasText: later }).waitFor();
    expect(await client2.page.getByText(notifTitle).count()).toBe(0);
    expect(await client2.page.getByTestId('toast').count()).toBe(0);
    expect(
      await client2.page
        .getByTestId('bell-badge')
        .textContent()
        .catch(() => null),
    ).toBe(badge2Before);
    for (const p of [client1, client2, advisor]) {
      expect(p.errors).toEqual([]);
      await p.context.close();
    }
  });
});
