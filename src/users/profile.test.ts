import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';
import { NEWCOMER_PROFILE } from '../../test/newcomer';
import { isAdult, normalizePhone } from './profile';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.stop());

let n = 0;
const person = (over: Record<string, unknown> = {}) => ({
  ...NEWCOMER_PROFILE,
  email: `profil-${++n}@exemple.fr`,
  password: 'motdepasse-solide',
  firstName: 'Inès',
  lastName: 'Profil',
  ...over,
});
const isoYearsAgo = (years: number, days = 0) => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** Signs a newcomer up and confirms the address through the dev mailbox: their own agent. */
async function signUpAndConfirm(body: Record<string, unknown>): Promise<Agent> {
  expect((await app.anon().post('/api/auth/register', body)).status).toBe(202);
  const mails = (await app.anon().get('/dev/mailbox.json')).body.items;
  const mail = mails.find((m: any) => m.to === body.email);
  const token = /token=([\w-]+)/.exec(mail.text)![1];
  const agent = app.anon();
  expect((await agent.post('/api/auth/verify-email', { token })).status).toBe(200);
  return agent;
}

describe('sign-up asks what a bank asks (API.md « Auth »)', () => {
  it('an old client sending only the four old fields gets 400 naming each missing field', async () => {
    const res = await app.anon().post('/api/auth/register', {
      email: 'ancien@exemple.fr',
      password: 'motdepasse-solide',
      firstName: 'Ancien',
      lastName: 'Client',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.fields).sort()).toEqual([
      'acceptTerms',
      'address',
      'birthDate',
      'civility',
      'phone',
    ]);
    expect(
      (await app.anon().get('/dev/mailbox.json')).body.items.map((m: any) => m.to),
    ).not.toContain('ancien@exemple.fr');
  });

  it('names each invalid field, nested address fields by their path', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ civility: 'mx' }, 'civility'],
      [{ birthDate: '12/04/1990' }, 'birthDate'],
      [{ birthDate: '1990-02-30' }, 'birthDate'],
      [{ birthDate: '1850-01-01' }, 'birthDate'],
      [{ address: { ...NEWCOMER_PROFILE.address, line1: '  ' } }, 'address.line1'],
      [{ address: { ...NEWCOMER_PROFILE.address, postalCode: '7501' } }, 'address.postalCode'],
      [{ address: { ...NEWCOMER_PROFILE.address, city: '' } }, 'address.city'],
      [{ address: { ...NEWCOMER_PROFILE.address, country: 'France' } }, 'address.country'],
      [{ address: 'Paris' }, 'address'],
      [{ phone: '12345' }, 'phone'],
      [{ phone: '+33 6 12' }, 'phone'],
      [{ acceptTerms: false }, 'acceptTerms'],
      [{ acceptTerms: 'yes' }, 'acceptTerms'],
    ];
    for (const [over, field] of cases) {
      const res = await app.anon().post('/api/auth/register', person(over));
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(Object.keys(res.body.error.fields), JSON.stringify(over)).toEqual([field]);
    }
  });

  it('refuses anyone under 18 with the contract’s message, and accepts an 18th birthday today', async () => {
    const minor = await app
      .anon()
      .post('/api/auth/register', person({ birthDate: isoYearsAgo(18, 1) }));
    expect(minor.status).toBe(400);
    expect(minor.body.error.fields).toEqual({
      birthDate: 'Vous devez être majeur pour ouvrir un compte',
    });
    const adult = await app
      .anon()
      .post('/api/auth/register', person({ birthDate: isoYearsAgo(18) }));
    expect(adult.status).toBe(202);
  });

  it('GET /api/me shows the user their civility, birth date, address and phone (E.164)', async () => {
    const email = `moi-${++n}@exemple.fr`;
    const agent = await signUpAndConfirm(
      person({
        email,
        civility: 'monsieur',
        address: { line1: '3 place du Marché', line2: 'Bât. B', postalCode: '69003', city: 'Lyon' },
      }),
    );
    const me = (await agent.get('/api/me')).body.user;
    expect(me).toMatchObject({
      email,
      civility: 'monsieur',
      birthDate: NEWCOMER_PROFILE.birthDate,
      address: {
        line1: '3 place du Marché',
        line2: 'Bât. B',
        postalCode: '69003',
        city: 'Lyon',
        country: 'FR',
      },
      phone: '+33612345678',
    });
    // staff see it in the client file: the client's advisor and the director, nobody else
    const advisorId = me.advisor.id;
    const advisorEmail = advisorId === 2 ? 'conseiller1@avenir.test' : 'conseiller2@avenir.test';
    const other = advisorId === 2 ? 'conseiller2@avenir.test' : 'conseiller1@avenir.test';
    for (const staff of [advisorEmail, 'directeur@avenir.test']) {
      const res = await (await app.login(staff)).get(`/api/clients/${me.id}/profile`);
      expect(res.status).toBe(200);
      expect(res.body.profile).toMatchObject({ civility: 'monsieur', phone: '+33612345678' });
    }
    expect((await (await app.login(other)).get(`/api/clients/${me.id}/profile`)).status).toBe(404);
    expect((await agent.get(`/api/clients/${me.id}/profile`)).status).toBe(404);
  });

  it('fixture clients have plausible profiles; staff have none', async () => {
    const client = (await (await app.login('client1@avenir.test')).get('/api/me')).body.user;
    expect(client.civility).toMatch(/^(madame|monsieur)$/);
    expect(client.address.postalCode).toMatch(/^\d{5}$/);
    expect(normalizePhone(client.phone)).toBe(client.phone);
    expect(isAdult(client.birthDate, new Date())).toBe(true);
    const staff = (await (await app.login('conseiller1@avenir.test')).get('/api/me')).body.user;
    expect(staff).toMatchObject({ civility: null, birthDate: null, address: null, phone: null });
  });

  it('normalises French and international phone numbers', () => {
    expect(normalizePhone('06 12 34 56 78')).toBe('+33612345678');
    expect(normalizePhone('06.12.34.56.78')).toBe('+33612345678');
    expect(normalizePhone('+33 (0)6')).toBeNull();
    expect(normalizePhone('0033 1 23 45 67 89')).toBe('+33123456789');
    expect(normalizePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalizePhone('00 12')).toBeNull();
  });
});

describe('the onboarding checklist (GET/POST /api/onboarding)', () => {
  it('starts at sign-up, follows money and the steps ticked, and can be dismissed', async () => {
    const agent = await signUpAndConfirm(person());
    const fresh = (await agent.get('/api/onboarding')).body;
    expect(fresh).toEqual({
      active: true,
      dismissed: false,
      steps: { fund: false, notifications: false, passkey: false, advisor: false },
    });
    const [account] = (await agent.get('/api/accounts')).body.items;
    expect(
      (await agent.post('/dev/deposit', { accountId: account.id, amountCents: 150_000 })).status,
    ).toBe(201);
    expect((await agent.get('/api/onboarding')).body.steps.fund).toBe(true);

    const ticked = await agent.post('/api/onboarding/steps/advisor', {});
    expect(ticked.body.steps).toMatchObject({ fund: true, advisor: true, passkey: false });
    await agent.post('/api/onboarding/steps/advisor', {}); // twice: the same
    expect((await agent.post('/api/onboarding/steps/passkey', {})).body.steps.passkey).toBe(true);
    expect((await agent.post('/api/onboarding/steps/nope', {})).status).toBe(404);

    expect((await agent.post('/api/onboarding/dismiss', {})).body.dismissed).toBe(true);
    expect((await agent.get('/api/onboarding')).body).toMatchObject({
      active: true,
      dismissed: true,
      steps: { fund: true, notifications: false, passkey: true, advisor: true },
    });
  });

  it('fixture clients have no checklist; staff and strangers are refused', async () => {
    expect(
      (await (await app.login('client2@avenir.test')).get('/api/onboarding')).body.active,
    ).toBe(false);
    expect((await (await app.login('conseiller1@avenir.test')).get('/api/onboarding')).status).toBe(
      403,
    );
    expect((await app.anon().get('/api/onboarding')).status).toBe(401);
    expect((await app.anon().post('/api/onboarding/dismiss', {})).status).toBe(401);
  });
});
