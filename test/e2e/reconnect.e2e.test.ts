import { describe, expect, it } from 'vitest';
import { openAs, useRestartableApp } from './pages';
import { Agent } from '../harness';
import { FIXTURE_PASSWORD } from '../../seed/fixtures';

const ctx = useRestartableApp();

describe('reconnection', () => {
  it('after the server restarts on the same database and port (page offline meanwhile), the page reconnects and shows what was sent meanwhile, once', async () => {
    const client = await openAs(ctx.browser, ctx.server.url, 'client1@avenir.test');
    const list = client.page.getByTestId('chat-messages').getByTestId('chat-message');
    await list.first().waitFor();

    // The page loses its network while the server restarts, so what the advisor sends
    // meanwhile can only reach it through the catch-up after it reconnects.
    await client.context.setOffline(true);
    const restart = await ctx.outage();
    await client.page
      .getByTestId('connection-banner')
      .filter({ hasText: /Reconnexion/ })
      .waitFor();

    await restart();
    const advisor = new Agent(ctx.server.url);
    const login = await advisor.post('/api/auth/login', {
      email: 'conseiller1@avenir.test',
      password: FIXTURE_PASSWORD,
    });
    expect(login.status).toBe(200);
    const conversations = await advisor.get('/api/conversations');
    const me = await new Agent(ctx.server.url).post('/api/auth/login', {
      email: 'client1@avenir.test',
      password: FIXTURE_PASSWORD,
    });
    const conv = conversations.body.items.find((c: any) =>
      c.participants.some((p: any) => p.id === me.body.user.id),
    );
    const texts = ['Pendant la coupure, 1', 'Pendant la coupure, 2', 'Pendant la coupure, 3'];
    for (const [i, body] of texts.entries()) {
      const res = await advisor.post(`/api/conversations/${conv.id}/messages`, {
        body,
        clientId: `reco-${i}`,
      });
      expect(res.status).toBe(201);
    }
    expect(await list.filter({ hasText: texts[0] }).count()).toBe(0);
    await client.context.setOffline(false);

    for (const body of texts) await list.filter({ hasText: body }).waitFor({ timeout: 30_000 });
    await expect
      .poll(
        () =>
          client.page
            .getByTestId('connection-banner')
            .isVisible()
            .catch(() => false),
        { timeout: 15_000 },
      )
      .toBe(false);
    // a live message after the reconnect, and no duplicate anywhere
    await advisor.post(`/api/conversations/${conv.id}/messages`, {
      body: 'Après la reconnexion',
      clientId: 'reco-live',
    });
    await list.filter({ hasText: 'Après la reconnexion' }).waitFor();
    for (const body of [...texts, 'Après la reconnexion'])
      expect(await list.filter({ hasText: body }).count()).toBe(1);
    const ids = await list.evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-message-id')).filter(Boolean),
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(client.errors).toEqual([]);
    await client.context.close();
  });
});
