import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAs, useAppAndBrowser } from './pages';
import { audit, report } from './axe';

const ctx = useAppAndBrowser();

const WIDTHS = [360, 390, 768, 1440];
const THEMES = ['light', 'dark'] as const;

/** Elements sticking out of the viewport (outside any scrolling or clipping box), for the message. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = innerWidth;
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o !== 'visible') return true;
      }
      return false;
    };
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > width + 0.5 && !clipped(el);
      })
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px)`,
      );
    return { scrollWidth: document.scrollingElement!.scrollWidth, width, wide };
  });
}

type Screen = { name: string; open: (page: Page) => Promise<void> };

/** Every screen at every width in both themes: nothing wider than the viewport, axe clean. */
async function checkScreens(who: string | undefined, screens: Screen[]) {
  const person = await openAs(ctx.browser, ctx.app.url, who);
  const problems: string[] = [];
  for (const width of WIDTHS) {
    await person.page.setViewportSize({ width, height: 800 });
    for (const screen of screens) {
      await screen.open(person.page);
      await person.page.waitForTimeout(250);
      for (const colorScheme of THEMES) {
        await person.page.emulateMedia({ colorScheme });
        const where = `${who ?? 'visiteur'} ${screen.name} ${width} px ${colorScheme}`;
        const o = await overflow(person.page);
        if (o.scrollWidth > o.width)
          problems.push(
            `${where}: ${o.scrollWidth} px de large sur ${o.width} — ${o.wide.join(', ')}`,
          );
        problems.push(...report(where, await audit(person.page)));
      }
    }
  }
  expect(problems).toEqual([]);
  expect(person.errors).toEqual([]);
  await person.context.close();
}

const goto = (path: string, ready: string) => async (page: Page) => {
  await page.goto(path);
  await page.locator(ready).first().waitFor();
};

/** The staff space's sections, each opened from its tab. */
async function staffScreens(email: string): Promise<Screen[]> {
  const person = await openAs(ctx.browser, ctx.app.url, email);
  const tabs = await person.page.getByRole('tab').allTextContents();
  await person.context.close();
  return tabs.map((label) => {
    const name = label.replace(/\d+.*$/, '').trim();
    return {
      name,
      open: async (page: Page) => {
        if (!(await page.getByRole('tab').count())) await page.goto('/');
        await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
      },
    };
  });
}

describe('phone-first layout: no horizontal scroll, axe clean in light and dark', () => {
  it('signed-out pages', { timeout: 180_000 }, async () => {
    await checkScreens(undefined, [
      { name: 'connexion', open: goto('/connexion', 'form') },
      { name: 'inscription', open: goto('/inscription', 'form') },
    ]);
  });

  it(
    'every client screen: bank home, transfers, messages, news, statement, RIB',
    { timeout: 300_000 },
    async () => {
      const agent = await ctx.app.login('client1@avenir.test');
      const id = (await agent.get('/api/accounts')).body.items[0].id;
      const month = new Date().toISOString().slice(0, 7);
      await checkScreens('client1@avenir.test', [
        { name: 'comptes', open: goto('/', '[data-testid=history]') },
        { name: 'virements', open: goto('/virements', 'form[aria-label="Nouveau virement"]') },
        { name: 'messages', open: goto('/messages', '[data-testid=client-chat]') },
        { name: 'actualités', open: goto('/actualites', '[data-testid=news-feed]') },
        {
          name: 'relevé',
          open: goto(`/comptes/${id}/releve?mois=${month}`, '[data-testid=statement]'),
        },
        { name: 'RIB', open: goto(`/comptes/${id}/rib`, '[data-testid=rib]') },
      ]);
    },
  );

  it('every section of the advisor and of the director', { timeout: 300_000 }, async () => {
    for (const email of ['conseiller1@avenir.test', 'directeur@avenir.test'])
      await checkScreens(email, await staffScreens(email));
  });

  it('a phone shows the sections in a bottom tab bar, keeps the name, and hides the Enter hint on touch', async () => {
    const phone = await ctx.browser.newContext({
      locale: 'fr-FR',
      baseURL: ctx.app.url,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await phone.newPage();
    await page.goto('/connexion');
    await page.getByLabel('Adresse e-mail').fill('client1@avenir.test');
    await page.getByLabel('Mot de passe').fill('Avenir-2026!');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    const { user } = await ctx.app.login('client1@avenir.test');
    const bar = page.getByRole('navigation', { name: 'Sections' });
    await bar.waitFor();
    const box = (await bar.boundingBox())!;
    expect(box.y + box.height).toBeGreaterThan(844 - 2); // at the bottom of the screen
    expect(
      await page.locator('.topbar').getByText(`${user.firstName} ${user.lastName}`).isVisible(),
    ).toBe(true);
    expect((await page.locator('.topbar').boundingBox())!.height).toBeLessThan(70); // one row

    // the chat with the advisor is one tap away
    await bar.getByRole('link', { name: /Messages/ }).tap();
    const composer = page.getByLabel('Votre message');
    await composer.waitFor();
    expect(await page.getByText('Entrée pour envoyer').isVisible()).toBe(false);
    // and the news
    await bar.getByRole('link', { name: /Actualités/ }).tap();
    await page.getByTestId('news-feed').waitFor();
    await phone.close();

    // with a mouse the hint shows
    const desktop = await openAs(ctx.browser, ctx.app.url, 'client1@avenir.test');
    await desktop.page.getByLabel('Votre message').waitFor();
    expect(await desktop.page.getByText('Entrée pour envoyer').isVisible()).toBe(true);
    await desktop.context.close();
  });

  it('the IBAN never breaks inside a group of four', async () => {
    const person = await openAs(ctx.browser, ctx.app.url, 'client1@avenir.test', {
      width: 360,
      height: 800,
    });
    for (const width of WIDTHS) {
      await person.page.setViewportSize({ width, height: 800 });
      const groups = person.page.getByTestId('iban').locator('.iban__group');
      await groups.first().waitFor();
      // each group of four sits on one line
      for (const box of await groups.evaluateAll((els) =>
        els.map((e) => ({ rects: e.getClientRects().length, text: e.textContent })),
      ))
        expect(box.rects, `${width} px: ${box.text}`).toBe(1);
    }
    await person.context.close();
  });
});
