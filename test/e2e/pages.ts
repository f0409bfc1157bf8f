/** Helpers the browser scenarios share: people in their own contexts, screenshots. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { FIXTURE_PASSWORD, startTestApp, type TestApp } from '../harness';
import { launchBrowser } from './browser';
import { loadConfig } from '../../src/config';
import { startServer, type RunningServer } from '../../src/hosts/node/server';

/** Tracked screenshots are rewritten only on request (UPDATE_SCREENSHOTS=1); otherwise a temp folder. */
export const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? resolve(import.meta.dirname, '../../docs/screenshots')
    : resolve(tmpdir(), 'avenir-screenshots');

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`) });
}

/**
 * Waits for the page to be at rest: web fonts loaded and no finite animation or transition
 * running (a spinner's infinite one is ignored). A state to wait for, instead of a pause.
 */
export async function settled(page: Page) {
  await page.waitForFunction(async () => {
    await document.fonts.ready;
    return document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity);
  });
}

const codeMailsTo = async (app: TestApp, email: string) =>
  (await app.anon().get('/dev/mailbox.json')).body.items.filter(
    (m: any) => m.to === email && /code de confirmation/.test(m.subject),
  );
/** How many confirmation codes were e-mailed to `email` (dev mailbox). */
export const codeMails = async (app: TestApp, email: string) =>
  (await codeMailsTo(app, email)).length;

/** The newest code e-mailed to `email` (dev mailbox), once more than `before` were there. */
export async function codeFor(app: TestApp, email: string, before: number) {
  let text = '';
  await expect
    .poll(async () => {
      const items = await codeMailsTo(app, email);
      text = items[0]?.text ?? '';
      return items.length;
    })
    .toBeGreaterThan(before);
  return /code de confirmation est (\d{6})/.exec(text)![1];
}

/** Confirms the open strong-authentication sheet with the code e-mailed to `email`. */
export async function confirmByEmailedCode(page: Page, app: TestApp, email: string) {
  const sheet = page.getByTestId('sca-sheet');
  await sheet.waitFor();
  const before = await codeMails(app, email);
  await sheet.getByRole('button', { name: 'Recevoir un code par e-mail' }).click();
  await sheet
    .getByLabel('Code reçu par e-mail (6 chiffres)')
    .fill(await codeFor(app, email, before));
  await sheet.getByRole('button', { name: 'Valider le code' }).click();
  await sheet.waitFor({ state: 'detached' });
}

/** Closes the toasts on the page: always the first, since each close shifts the others up. */
export async function closeToasts(page: Page) {
  const toasts = page.getByTestId('toast');
  for (let n = await toasts.count(); n > 0; n--)
    await toasts.first().getByRole('button', { name: 'Fermer' }).click();
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
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  if (email) {
    await page.goto('/connexion');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(FIXTURE_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
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

/**
 * The real server on a temp database that a test can take away and bring back on
 * the same port and database (`outage()` returns the restart), and one Chromium.
 */
export function useRestartableApp() {
  const ctx = {} as {
    server: RunningServer;
    browser: Browser;
    outage(): Promise<() => Promise<void>>;
  };
  let dir = '';
  const start = (port: number) =>
    startServer(
      loadConfig({
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_PATH: join(dir, 'avenir.db'),
      }),
    );
  ctx.outage = async () => {
    const port = ctx.server.port;
    await ctx.server.close();
    return async () => void (ctx.server = await start(port));
  };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'avenir-e2e-'));
    ctx.server = await start(0);
    ctx.browser = await launchBrowser();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return ctx;
}
