import { describe, expect, it } from 'vitest';
import { openAs, screenshot, settled, useAppAndBrowser } from './pages';
import { audit, report } from './axe';

const ctx = useAppAndBrowser();
const DESKTOP = { width: 1280, height: 860 };

/** Visible text whose colour is too close to the colour behind it (contrast ratio under 3:1). */
const faintTexts = (root: Element) => {
  const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const lum = ([r, g, b]: number[]) => {
    const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const behind = (el: Element | null): number[] => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0.5) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement!;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!n.textContent!.trim() || !box.width || style.visibility !== 'visible') continue;
    if (Number(style.opacity) === 0 || el.closest('[aria-hidden="true"]')) continue;
    const [a, b] = [lum(rgb(style.color)), lum(behind(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 3) out.push(`${n.textContent!.trim().slice(0, 40)} (${ratio.toFixed(2)}:1)`);
  }
  return out;
};

describe('the staff client file in dark mode on a desktop (issue 23)', () => {
  it('every text readable, axe clean, two columns within 1280 px', async () => {
    const client = await ctx.app.login('client1@avenir.test');
    const checking = (await client.get('/api/accounts')).body.items.find(
      (a: { type: string }) => a.type === 'checking',
    );
    expect(
      (await client.post('/dev/deposit', { accountId: checking.id, amountCents: 1_234_56 })).status,
    ).toBe(201);

    const advisor = await openAs(ctx.browser, ctx.app.url, 'conseiller1@avenir.test', DESKTOP);
    const page = advisor.page;
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`/clients/${client.user.id}`);
    const file = page.getByTestId('client-file');
    await file.getByTestId('history').getByTestId('operation').first().waitFor();
    const notes = file.getByTestId('file-notes');
    await notes.getByLabel('Nouvelle note').fill('Rappeler la cliente jeudi.');
    await notes.getByRole('button', { name: 'Ajouter la note' }).click();
    await notes.getByTestId('note').filter({ hasText: 'Rappeler la cliente' }).waitFor();
    await settled(page);

    // The dark palette is on (a light page would pass every check below too)
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
    expect(Math.max(r, g, b)).toBeLessThan(80);

    expect(await file.evaluate(faintTexts)).toEqual([]);
    expect(report('fiche client (ordinateur, sombre)', await audit(page))).toEqual([]);

    // Layout: no sideways scroll, nothing past the right edge, the two columns side by side
    const layout = await file.evaluate((root) => {
      const width = window.innerWidth;
      const past = [...root.querySelectorAll('*')]
        .filter((el) => {
          const box = el.getBoundingClientRect();
          return box.width > 0 && box.right > width + 0.5;
        })
        .map((el) => el.className || el.tagName);
      const cols = [...root.querySelectorAll('.client-file__col')].map((c) =>
        c.getBoundingClientRect(),
      );
      return {
        sideways: document.documentElement.scrollWidth > width,
        past,
        cols: cols.map((c) => ({ left: c.left, top: c.top, width: c.width })),
      };
    });
    expect(layout.sideways).toBe(false);
    expect(layout.past).toEqual([]);
    expect(layout.cols).toHaveLength(2);
    const [left, right] = layout.cols;
    expect(right.left).toBeGreaterThan(left.left + left.width - 1);
    expect(right.top).toBe(left.top);
    expect(left.width).toBeGreaterThan(right.width); // the money column gets more room (3fr : 2fr)
    await screenshot(page, '52-conseiller-fiche-client-sombre');
    expect(advisor.errors).toEqual([]);
    await advisor.context.close();
  });
});
