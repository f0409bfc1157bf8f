// The e-mailed one-time code of strong authentication, read from the dev mailbox.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestApp } from '../harness';

const codeMailsTo = async (app: TestApp, email: string) =>
  (await app.anon().get('/dev/mailbox.json')).body.items.filter(
    (m: any) => m.to === email && /code de confirmation/.test(m.subject),
  );
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

/** The confirmation sheet, answered with the code e-mailed to `email`; it closes. */
export async function confirmWithEmailedCode(page: Page, app: TestApp, email: string) {
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
