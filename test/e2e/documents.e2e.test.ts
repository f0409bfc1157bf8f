import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openAs, screenshot, useAppAndBrowser } from './pages';
import { audit } from './axe';

const ctx = useAppAndBrowser();
const PHONE = { width: 390, height: 844 };

describe('documents, as a client would use them (phone)', () => {
  it('lists the statements and downloads one: the issued bytes, the recorded SHA-256', async () => {
    const { page, errors } = await openAs(ctx.browser, ctx.app.url, 'client1@avenir.test', PHONE);
    await page.getByRole('link', { name: 'Documents', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Documents', level: 1 }).waitFor();
    await page.getByTestId('document').first().waitFor();
    await page.getByRole('button', { name: 'Relevés' }).click();
    await expect
      .poll(() => page.getByTestId('document').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('Relevé Compte courant')]));
    const rows = await page.getByTestId('document').allTextContents();
    expect(rows.every((r) => r.includes('Relevé de compte'))).toBe(true);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    // No sideways scroll on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await screenshot(page, '30-documents');
    expect(await audit(page)).toEqual([]);

    const listed = (await (await page.request.get('/api/documents?kind=statement')).json()).items;
    const first = page.getByTestId('document').first();
    const title = (await first.locator('.doc-row__title').textContent())!;
    const doc = listed.find((d: { title: string }) => d.title === title);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      first.getByRole('link', { name: /^Télécharger/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(doc.sha256);
    expect(bytes.length).toBe(doc.sizeBytes);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('chooses what arrives by push and e-mail; security stays on', async () => {
    const { page, errors } = await openAs(ctx.browser, ctx.app.url, 'client2@avenir.test', PHONE);
    await page
      .getByRole('button', { name: /Notifications/ })
      .first()
      .click();
    await page
      .getByRole('link', { name: 'Choisir ce que je reçois par push et par e-mail' })
      .click();
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    const newsPush = page.getByLabel('Actualités : notification push');
    await newsPush.waitFor();
    expect(await newsPush.isChecked()).toBe(false);
    expect(await page.getByLabel('Sécurité : e-mail').isDisabled()).toBe(true);
    expect(await page.getByLabel('Sécurité : e-mail').isChecked()).toBe(true);
    await newsPush.check();
    await page.getByLabel('Documents : e-mail').check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Préférences enregistrées.').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await screenshot(page, '31-notifications-reglages');
    expect(await audit(page)).toEqual([]);
    await page.reload();
    await page.getByLabel('Actualités : notification push').waitFor();
    expect(await page.getByLabel('Actualités : notification push').isChecked()).toBe(true);
    expect(await page.getByLabel('Documents : e-mail').isChecked()).toBe(true);
    const stored = await (await page.request.get('/api/me/notification-preferences')).json();
    expect(stored.categories.news).toEqual({ push: true, email: false });
    expect(stored.categories.document).toEqual({ push: true, email: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
