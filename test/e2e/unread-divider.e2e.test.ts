import { describe, expect, it } from 'vitest';
import { openAs, useAppAndBrowser } from './pages';

const ctx = useAppAndBrowser();

describe('the « Non lus » divider (issue 23)', () => {
  it('opening a conversation separates the unread messages from the read ones, until the reply', async () => {
    const client = await ctx.app.login('client2@avenir.test');
    const advisorApi = await ctx.app.login('conseiller1@avenir.test');
    const clientName = `${client.user.firstName} ${client.user.lastName}`;
    const conv = (await client.get('/api/conversations')).body.items.find(
      (c: { kind: string }) => c.kind === 'private',
    );
    const post = async (body: string) => {
      const res = await client.post(`/api/conversations/${conv.id}/messages`, {
        body,
        clientId: `divider-${body}-${Date.now()}`,
      });
      expect(res.status).toBe(201);
      return res.body.message.id as number;
    };
    // One message the advisor has read, then two they have not
    const readId = await post('Déjà lu par mon conseiller');
    expect(
      (await advisorApi.post(`/api/conversations/${conv.id}/read`, { messageId: readId })).status,
    ).toBe(204);
    await post('Premier message non lu');
    await post('Second message non lu');

    const advisor = await openAs(ctx.browser, ctx.app.url, 'conseiller1@avenir.test');
    const page = advisor.page;
    await page.getByRole('tab', { name: /Messages clients/ }).click();
    await page.getByTestId('inbox-item').filter({ hasText: clientName }).click();
    const list = page.getByTestId('chat-messages');
    await list.getByTestId('chat-message').filter({ hasText: 'Second message non lu' }).waitFor();

    const divider = list.getByTestId('unread-divider');
    expect(await divider.textContent()).toBe('Non lus');
    expect(await divider.isVisible()).toBe(true);
    // The divider sits right before the first unread message, after the read one
    const order = await list
      .locator('ol > li')
      .evaluateAll((items) =>
        items.map((li) =>
          li.getAttribute('data-testid') === 'unread-divider'
            ? 'divider'
            : li.getAttribute('data-testid') === 'chat-message'
              ? (li.textContent ?? '').match(
                  /Déjà lu|Premier message non lu|Second message non lu/,
                )?.[0]
              : undefined,
        ),
      );
    const mine = order.filter((x) => x);
    expect(mine.slice(-4)).toEqual([
      'Déjà lu',
      'divider',
      'Premier message non lu',
      'Second message non lu',
    ]);

    // Answering shows they were read: the divider goes
    const reply = page.getByLabel('Votre message');
    await reply.fill('Bien reçu, je m’en occupe.');
    await reply.press('Enter');
    const sent = list.getByTestId('chat-message').filter({ hasText: 'je m’en occupe' });
    await expect.poll(() => sent.getAttribute('data-status')).not.toBe('pending');
    await expect.poll(() => divider.count()).toBe(0);
    expect(advisor.errors).toEqual([]);
    await advisor.context.close();
  });
});
