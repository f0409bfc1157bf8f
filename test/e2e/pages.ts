/** Helpers the browser scenarios share: people in their own contexts, screenshots. */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { FIXTURE_PASSWORD, startTestApp, type TestApp } from '../harness';
import { launchBrowser } from './browser';

export const SCREENSHOTS = resolve(import.meta.dirname, '../../docs/screenshots');

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`) });
}

/** A person in their own browser context (own cookies), on a page of the app. */
export async function openAs(
  browser: Browser,
  baseUrl: string,
  email?: string,
  viewport = { width: 1280, height: 860 },
) {
  // Reduced motion: axe and screenshots read the page at rest, never mid-animation.
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    locale: 'fr-FR',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  if (email) {
    await page.goto('/connexion');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(FIXTURE_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
  }
  return { context, page, errors };
}

/** The real app (temp database, fixtures) and one Chromium, for the whole file. */
export function useAppAndBrowser(env: Record<string, string> = {}) {
  const ctx = {} as { app: TestApp; browser: Browser };
  beforeAll(async () => {
    ctx.app = await startTestApp(env);
    ctx.browser = await launchBrowser();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.app?.stop();
  });
  return ctx;
}
