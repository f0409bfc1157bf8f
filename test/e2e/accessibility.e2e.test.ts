import { describe, expect, it } from 'vitest';
import { openAs, settled, useAppAndBrowser } from './pages';
import { audit, basics, report } from './axe';

const ctx = useAppAndBrowser();

describe('accessibility smoke test with axe-core', () => {
  it('finds no serious or critical violation on the main pages', async () => {
    const problems: string[] = [];
    const anon = await openAs(ctx.browser, ctx.app.url);
    for (const path of ['/connexion', '/inscription']) {
      await anon.page.goto(path);
      await anon.page.locator('form').waitFor();
      await basics(anon.page);
      problems.push(...report(path, await audit(anon.page)));
    }

    const client = await openAs(ctx.browser, ctx.app.url, 'client1@avenir.test');
    await client.page.getByTestId('chat-messages').waitFor();
    await client.page.getByTestId('news-feed').waitFor();
    await basics(client.page);
    problems.push(...report('espace client', await audit(client.page)));
    await client.page.getByRole('button', { name: /^Notifications/ }).click();
    problems.push(...report('centre de notifications', await audit(client.page)));

    const advisor = await openAs(ctx.browser, ctx.app.url, 'conseiller1@avenir.test');
    for (const tab of ['Messages clients', 'Équipe', 'Clients', 'Publier']) {
      await advisor.page.getByRole('tab', { name: new RegExp(tab) }).click();
      await advisor.page.getByRole('tab', { name: new RegExp(tab), selected: true }).waitFor();
      await settled(advisor.page);
      await basics(advisor.page);
      problems.push(...report(`conseiller / ${tab}`, await audit(advisor.page)));
    }
    console.log(
      problems.length ? problems.join('\n') : 'axe-core : aucune violation sérieuse ou critique',
    );
    expect(problems).toEqual([]);
    for (const p of [anon, client, advisor]) await p.context.close();
  });
});
