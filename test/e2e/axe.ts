/** axe-core in the page, and the checks every audited screen gets. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export type Violation = { id: string; impact: string; help: string; nodes: { target: string[] }[] };

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function audit(page: Page): Promise<Violation[]> {
  // At rest first: with reduced motion nothing animates (no colour read halfway through a fade).
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
export async function basics(page: Page) {
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

export const report = (name: string, violations: Violation[]) =>
  violations.map(
    (v) =>
      `${name}: ${v.impact} ${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
