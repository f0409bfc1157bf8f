import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAs, screenshot, useAppAndBrowser } from './pages';

const ctx = useAppAndBrowser();

const inboxItem = (page: Page, name: string) =>
  page.getByTestId('inbox-item').filter({ hasText: name });
const messages = (page: Page) => page.getByTestId('chat-messages').getByTestId('chat-message');

describe('client ↔ advisor chat, live', () => {
  it('shows typing, delivers both ways, ticks turn to read and the unread badge goes up then back to zero', async () => {
    const client = await openAs(ctx.browser, ctx.app.url, 'client1@avenir.test');
    const advisor = await openAs(ctx.browser, ctx.app.url, 'conseiller1@avenir.test');
    const { user } = await ctx.app.login('client1@avenir.test');
    const clientName = `${user.firstName} ${user.lastName}`;

    // the client's chat with their advisor
    const composer = client.page.getByLabel('Votre message');
    await composer.waitFor();
    // the advisor stays on the inbox without opening client1's conversation
    await advisor.page.getByRole('tab', { name: /Messages clients/ }).click();
    await inboxItem(advisor.page, clientName).waitFor();
    const badge = inboxItem(advisor.page, clientName).getByTestId('unread-badge');
    const unreadBefore = (await badge.count()) ? parseInt((await badge.textContent())!, 10) : 0;

    // typing shows up on the advisor's side
    await composer.click();
    await composer.pressSequentially('Bonjour, une question sur ma carte', { delay: 15 });
    await expect
      .poll(() => inboxItem(advisor.page, clientName).textContent())
      .toContain('En train d’écrire');

    await composer.press('Enter');
    const sent = messages(client.page).filter({ hasText: 'une question sur ma carte' });
    await sent.waitFor();
    await expect.poll(() => sent.getAttribute('data-status')).toBe('sent');
    expect(await composer.inputValue()).toBe('');

    // live on the advisor's inbox: badge 1, last message snippet
    await expect
      .poll(async () => parseInt((await badge.textContent()) ?? '', 10))
      .toBe(unreadBefore + 1);
    await expect
      .poll(() => inboxItem(advisor.page, clientName).textContent())
      .toContain('une question sur ma carte');
    await screenshot(advisor.page, '04-conseiller-boite-de-reception');

    // opening it reads it: badge back to zero, the client's tick turns to "read"
    await inboxItem(advisor.page, clientName).click();
    await messages(advisor.page).filter({ hasText: 'une question sur ma carte' }).waitFor();
    await expect.poll(() => badge.count()).toBe(0);
    await expect.poll(() => sent.getAttribute('data-status')).toBe('read');

    // the advisor answers; the client sees it live, from the advisor
    const reply = advisor.page.getByLabel('Votre message');
    await reply.fill('Bonjour ! Je regarde cela tout de suite.');
    await reply.press('Enter');
    const received = messages(client.page).filter({ hasText: 'Je regarde cela tout de suite' });
    await received.waitFor();
    expect(await received.getAttribute('data-role')).toBe('advisor');
    await screenshot(client.page, '03-espace-client-chat');
    expect([...client.errors, ...advisor.errors]).toEqual([]);
    await client.context.close();
    await advisor.context.close();
  });
});

describe('the staff group chat', () => {
  it("shows the director's message live to both advisors, marked as the director's", async () => {
    const director = await openAs(ctx.browser, ctx.app.url, 'directeur@avenir.test');
    const advisors = [
      await openAs(ctx.browser, ctx.app.url, 'conseiller1@avenir.test'),
      await openAs(ctx.browser, ctx.app.url, 'conseiller2@avenir.test'),
    ];
    for (const person of [director, ...advisors]) {
      await person.page.getByRole('tab', { name: 'Équipe' }).click();
      await person.page.getByLabel('Votre message').waitFor();
    }
    const text = "Réunion d'équipe avancée à 8 h 30 demain.";
    await director.page.getByLabel('Votre message').fill(text);
    await director.page.getByLabel('Votre message').press('Enter');

    for (const { page } of advisors) {
      const msg = messages(page).filter({ hasText: text });
      await msg.waitFor();
      expect(await msg.getAttribute('data-role')).toBe('director');
      // marked in words, not only by colour
      expect(await msg.getByText('Directrice', { exact: true }).isVisible()).toBe(true);
      // advisors' messages carry no such mark
      const advisorMessages = page.locator('[data-testid="chat-message"][data-role="advisor"]');
      expect(await advisorMessages.count()).toBeGreaterThan(0);
      expect(await advisorMessages.getByText('Directrice', { exact: true }).count()).toBe(0);
    }
    // the director is marked in the member list
    const member = advisors[0].page.locator('[data-testid="team-member"][data-role="director"]');
    expect(await member.count()).toBe(1);
    expect(await member.textContent()).toContain('Directrice');
    await screenshot(advisors[0].page, '05-salon-equipe-directeur');
    for (const p of [director, ...advisors]) {
      expect(p.errors).toEqual([]);
      await p.context.close();
    }
  });
});
