import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { openAs, useAppAndBrowser } from './pages';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

const ctx = useAppAndBrowser();

type Violation = { id: string; impact: string; help: string; nodes: { target: string[] }[] };

/**
 * Runs axe-core in the page; returns the serious and critical violations. The
 * page is at rest first: with reduced motion nothing animates (no fade to read
 * a colour from halfway), so the verdict is the same on every run.
 */
async function audit(page: Page): Promise<Violation[]> {
  const moving = await page.evaluate(() =>
    document
      .getAnimations()
      .filter((a) => Number(a.effect?.getComputedTiming().activeDuration ?? 0) > 0)
      .map((a) => (a as CSSAnimation).animationName ?? 'transition'),
  );
  expect(moving).toEqual([]);
  await page.evaluate(axeSource); // evaluated, not injected as a <script>: the app's CSP allows no inline script
  const result = await page.evaluate(async () =>
    (window as any).axe.run(document, { resultTypes: ['violations'] }),
  );
  return (result.violations as Violation[]).filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
}

/** Titles, labelled fields, and nothing clickable without an accessible name. */
async function basics(page: Page) {
  expect((await page.title()).length).toBeGreaterThan(3);
  const unnamed = await page.evaluate(() =>
    [
      ...document.querySelectorAll(
        'button, a[href], input:not([type=hidden]), select, textarea, [role=button], [role=tab]',
      ),
    ]
      .filter((el) => {
        const e = el as HTMLElement;
        if (e.offsetParent === null && getComputedStyle(e).position !== 'fixed') return false; // not rendered
        const labelled =
          e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.title;
        const byLabel = 'labels' in e && (e as HTMLInputElement).labels?.length;
        return !(labelled || byLabel || e.textContent?.trim());
      })
      .map((e) => e.outerHTML.slice(0, 120)),
  );
  expect(unnamed).toEqual([]);
}

const report = (name: string, violations: Violation[]) =>
  violations.map(
    (v) =>
      `${name}: ${v.impact} ${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );

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
      await advisor.page.waitForTimeout(300);
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
