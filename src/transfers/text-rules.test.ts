// Transfer labels and beneficiary names follow the text rules, and the « Virement reçu » notice
// counts in the recipient's notification limits (API.md « Transfers »).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';
import { LIMITS } from '../http/limits';
import { trustPayee } from '../../test/sca';

let app: TestApp;
let c1: Agent, c2: Agent, adv1: Agent;
let n = 0;
const transfer = (a: Agent, body: Record<string, unknown>) =>
  a.post('/api/transfers', body, { 'idempotency-key': `text-${++n}` });
const checkingOf = async (a: Agent) =>
  ((await a.get('/api/accounts')).body.items as any[]).find((x) => x.type === 'checking');

beforeAll(async () => {
  app = await startTestApp();
  c1 = await app.login('client1@avenir.test');
  c2 = await app.login('client2@avenir.test');
  adv1 = await app.login('conseiller1@avenir.test');
  await trustPayee(c1, (await checkingOf(c2)).iban); // no strong authentication per transfer
}, 60_000);
afterAll(() => app?.stop());

const BAD = {
  'bidi override': 'Loyer \u202Eeuqnab',
  'zero-width only': '\u200B\u200D\uFEFF',
  NUL: 'Loyer\u0000',
  'CR/LF': 'Loyer\r\nPayé par la banque',
};

it('refuses bidi overrides, zero-width-only text, NUL and CR/LF in labels and beneficiary names; nothing moves', async () => {
  const from = await checkingOf(c1);
  const to = await checkingOf(c2);
  const base = { fromAccountId: from.id, toIban: to.iban, amountCents: 1, beneficiaryName: 'Léa' };
  for (const [what, text] of Object.entries(BAD)) {
    const label = await transfer(c1, { ...base, label: text });
    expect(label.status, what).toBe(400);
    expect(label.body.error.code).toBe('validation_failed');
    expect(Object.keys(label.body.error.fields), what).toEqual(['label']);
    const name = await transfer(c1, { ...base, beneficiaryName: text });
    expect(name.status, what).toBe(400);
    expect(Object.keys(name.body.error.fields), what).toEqual(['beneficiaryName']);
    const saved = await c1.post('/api/beneficiaries', {
      name: text,
      iban: to.iban,
      password: 'Avenir-2026!',
    });
    expect(saved.status, what).toBe(400);
  }
  expect((await checkingOf(c1)).balanceCents).toBe(from.balanceCents);
  // An empty label stays allowed (the bank writes « Virement »); accents and emoji too.
  expect((await transfer(c1, { ...base, label: '' })).status).toBe(201);
  expect((await transfer(c1, { ...base, label: 'Café ☕ — merci' })).status).toBe(201);
});

it('counts each « Virement reçu » notice in the recipient’s limits; every transfer still goes through', async () => {
  const from = await checkingOf(c1);
  const to = await checkingOf(c2);
  const noticesOf = async () =>
    ((await c2.get('/api/notifications?limit=100')).body.items as any[]).filter(
      (x) => x.kind === 'transfer',
    ).length;
  const before = await noticesOf(); // the previous test's two
  const count = LIMITS.notificationsReceived.count;
  for (let i = 0; i < count + 5; i++) {
    const res = await transfer(c1, {
      fromAccountId: from.id,
      toIban: to.iban,
      amountCents: 1,
      label: `Spam ${i}`,
      beneficiaryName: 'Léa Dubois',
    });
    expect(res.status).toBe(201);
  }
  expect((await checkingOf(c2)).balanceCents).toBe(to.balanceCents + count + 5);
  // Each notice is written with its transfer: after the 201s, what is missing never comes.
  expect(await noticesOf()).toBe(count);
  expect(before).toBe(2);
  // The same quota as staff notifications: the advisor is told the client had enough.
  const staff = await adv1.post('/api/notifications', {
    recipientId: c2.user.id,
    kind: 'info',
    title: 'Rendez-vous',
    body: 'Demain à 10 h',
  });
  expect(staff.status).toBe(429);
});
