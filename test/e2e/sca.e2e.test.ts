// Strong customer authentication in Chromium, on a phone: a virtual authenticator (CDP WebAuthn
// domain, user verification on) registers a passkey, signs in with it and confirms a beneficiary
// and a transfer to a new IBAN; the e-mailed code through the dev mailbox; devices ended remotely.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { codeFor, codeMails, openAs, screenshot, useAppAndBrowser } from './pages';

const ctx = useAppAndBrowser();
const PHONE = { width: 390, height: 844 };
// WebAuthn refuses an IP address as relying party: the app is opened at localhost.
const atLocalhost = () => ctx.app.url.replace('127.0.0.1', 'localhost');

/** A platform authenticator with biometrics, as on a phone (CDP `WebAuthn.addVirtualAuthenticator`). */
async function addAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    credentials: async () =>
      (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  };
}

/** « Virements » → « Ajouter un bénéficiaire » filled and sent: the confirmation sheet opens. */
async function addBeneficiary(page: Page, name: string, iban: string) {
  const add = page.getByRole('form', { name: 'Ajouter un bénéficiaire' });
  if (!(await add.count())) {
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Virements', exact: true })
      .click();
    await page.getByRole('button', { name: 'Ajouter un bénéficiaire' }).click();
  }
  await add.getByLabel('Nom du bénéficiaire').fill(name);
  await add.getByLabel('IBAN').fill(iban);
  await add.getByRole('button', { name: 'Ajouter', exact: true }).click();
  return add;
}

const DE = 'DE89370400440532013000';

describe('strong customer authentication', () => {
  it('registers a passkey, signs in with it alone, confirms a beneficiary and a new IBAN with it', async () => {
    const email = 'client5@avenir.test';
    const { page, context, errors } = await openAs(ctx.browser, atLocalhost(), email, PHONE);
    const authenticator = await addAuthenticator(page);

    // Right after sign-in: the offer to add a passkey. The first one is confirmed by e-mailed code.
    const offer = page.getByRole('region', { name: 'Connectez-vous avec une clé d’accès' });
    await offer.waitFor();
    await screenshot(page, 'sca-1-cle-acces-proposee');
    await offer.getByRole('button', { name: 'Ajouter une clé d’accès' }).click();
    await offer.getByLabel('Nom de la clé d’accès').fill('Téléphone de test');
    const mailsBefore = await codeMails(ctx.app, email);
    await offer.getByRole('button', { name: 'Ajouter une clé d’accès' }).click();
    const sheet = page.getByTestId('sca-sheet');
    await sheet.getByText('Ajout d’une clé d’accès à votre espace AVENIR').waitFor();
    expect(
      await sheet.getByRole('button', { name: 'Confirmez avec votre clé d’accès' }).count(),
    ).toBe(0);
    await sheet.getByRole('button', { name: 'Recevoir un code par e-mail' }).click();
    await sheet
      .getByLabel('Code reçu par e-mail (6 chiffres)')
      .fill(await codeFor(ctx.app, email, mailsBefore));
    await sheet.getByRole('button', { name: 'Valider le code' }).click();
    await offer.waitFor({ state: 'detached' });
    expect(await authenticator.credentials()).toHaveLength(1);

    // « Sécurité »: the passkey, listed.
    await page
      .getByRole('link', { name: /Sécurité/ })
      .or(page.locator('a.topbar__user'))
      .first()
      .click();
    await page.getByRole('heading', { name: 'Sécurité', level: 1 }).waitFor();
    await page.getByTestId('passkey').filter({ hasText: 'Téléphone de test' }).waitFor();
    await page.getByTestId('device').first().waitFor();
    await screenshot(page, 'sca-2-securite');

    // Signed out: the e-mail field's autofill (conditional UI) offers the passkey, and the
    // virtual authenticator answers it at once — signed in again with the passkey alone.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const res = await fetch('/api/auth/sessions');
          return res.ok ? (await res.json()).items.map((s: any) => s.method) : [];
        }),
      )
      .toContain('passkey');
    await page.getByRole('heading', { name: /Bonjour/ }).waitFor();

    // A browser without conditional UI: the « Se connecter avec une clé d'accès » button.
    await page.evaluate(() => {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    });
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { name: 'Connexion à votre espace' }).waitFor();
    await screenshot(page, 'sca-3-connexion-cle-acces');
    await page.getByRole('button', { name: 'Se connecter avec une clé d’accès' }).click();
    await page.getByRole('heading', { name: /Bonjour/ }).waitFor();

    // A beneficiary, confirmed with the passkey: the sheet shows exactly what is authorised.
    await addBeneficiary(page, 'Hans Müller', DE);
    await sheet
      .getByText('Ajout du bénéficiaire Hans Müller, DE89 3704 0044 0532 0130 00')
      .waitFor();
    await screenshot(page, 'sca-4-confirmation-cle-acces');
    await sheet.getByRole('button', { name: 'Confirmez avec votre clé d’accès' }).click();
    await page.getByTestId('beneficiary').filter({ hasText: 'Hans Müller' }).waitFor();
    await sheet.waitFor({ state: 'detached' });

    // A transfer to a new IBAN: the same sheet, then the transfer finishes without retyping.
    const form = page.getByRole('form', { name: 'Nouveau virement' });
    await form.getByLabel('IBAN du bénéficiaire').fill('FR14 2004 1010 0505 0001 3M02 606');
    await form.getByLabel('Nom du bénéficiaire').fill('Plomberie Martin');
    await form.getByLabel('Montant (€)').fill('2,50');
    await form.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('button', { name: 'Confirmer le virement' }).click();
    await sheet.getByText('Virement de 2,50 € vers FR14 2004 1010 0505 0001 3M02 606').waitFor();
    await sheet.getByRole('button', { name: 'Confirmez avec votre clé d’accès' }).click();
    await page
      .getByTestId('transfer-done')
      .filter({ hasText: 'Virement SEPA simulé envoyé' })
      .waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('confirms with an e-mailed code: a wrong code tells the attempts left, the right one finishes', async () => {
    const email = 'client6@avenir.test';
    const { page, context, errors } = await openAs(ctx.browser, ctx.app.url, email, PHONE);
    const add = await addBeneficiary(page, 'Marie Dubois', DE);
    const sheet = page.getByTestId('sca-sheet');
    await sheet.getByText('Ajout du bénéficiaire Marie Dubois').waitFor();
    const before = await codeMails(ctx.app, email);
    await sheet.getByRole('button', { name: 'Recevoir un code par e-mail' }).click();
    const code = await codeFor(ctx.app, email, before);
    const input = sheet.getByLabel('Code reçu par e-mail (6 chiffres)');
    await input.fill(code === '000000' ? '111111' : '000000');
    await sheet.getByRole('button', { name: 'Valider le code' }).click();
    await sheet.getByTestId('sca-error').filter({ hasText: 'Il vous reste 4 essais' }).waitFor();
    await screenshot(page, 'sca-5-confirmation-code-email');
    await input.fill(code);
    await sheet.getByRole('button', { name: 'Valider le code' }).click();
    await page.getByTestId('beneficiary').filter({ hasText: 'Marie Dubois' }).waitFor();
    expect(await sheet.count()).toBe(0);

    // Cancelling the sheet changes nothing and says so.
    await addBeneficiary(page, 'Paul Martin', 'FR7630006000011234567890189');
    await sheet.getByRole('button', { name: 'Annuler' }).click();
    await add.getByText('Opération non confirmée').waitFor();
    expect(await page.getByTestId('beneficiary').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('ends another device’s session: its page goes to the login screen at once', async () => {
    const email = 'client2@avenir.test';
    const other = await openAs(ctx.browser, ctx.app.url, email);
    await other.page.getByTestId('balance').waitFor();
    const me = await openAs(ctx.browser, ctx.app.url, email, PHONE);
    await me.page.goto('/securite');
    const devices = me.page.getByTestId('device');
    await devices.first().waitFor();
    expect(await devices.filter({ hasText: 'cet appareil' }).count()).toBe(1);
    // End every other session (the other tab's among them).
    for (let n = await devices.count(); n > 1; n--) {
      await me.page
        .getByRole('button', { name: /^Déconnecter/ })
        .first()
        .click();
      await expect.poll(() => devices.count()).toBe(n - 1);
    }
    await other.page.getByRole('heading', { name: 'Connexion à votre espace' }).waitFor();
    await me.page.getByTestId('device').filter({ hasText: 'cet appareil' }).waitFor();
    for (const p of [other, me]) {
      expect(p.errors).toEqual([]);
      await p.context.close();
    }
  });
});
