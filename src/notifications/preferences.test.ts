import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';
import { startSmtpReceiver } from '../../test/smtp';
import { createWebPushSender } from '../push/web-push-sender';
import {
  createBrowserSubscription,
  startLocalPushService,
  type LocalPushService,
} from '../push/testing/push-service';
import { mailOutbox } from '../mail/schema';
import { NOTIFICATION_CATEGORIES } from './schema';
import { addBeneficiary } from '../transfers/beneficiaries';

let app: TestApp;
let push: LocalPushService;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
beforeAll(async () => {
  push = await startLocalPushService();
  smtp = await startSmtpReceiver();
  app = await startTestApp({ PUSH_ALLOWED_ORIGINS: push.origin, SMTP_URL: smtp.url });
  app.platform.push = createWebPushSender({ agent: push.agent });
});
afterAll(async () => {
  await app?.stop();
  await push?.close();
  await smtp?.close();
});

/** API.md's defaults, written as its rule (not copied from the module under test). */
const DEFAULTS = Object.fromEntries(
  NOTIFICATION_CATEGORIES.map((c) => [c, { push: c !== 'news', email: c === 'security' }]),
);
const PATH = '/api/me/notification-preferences';
const outboxTo = (email: string) =>
  app.platform.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, email)).all();
let n = 0;
const subscribe = async (a: Agent) => {
  const sub = createBrowserSubscription(`${push.origin}/push/prefs-${process.pid}-${++n}`);
  expect(
    (await a.post('/api/push/subscriptions', { endpoint: sub.endpoint, keys: sub.keys })).status,
  ).toBe(201);
  return new URL(sub.endpoint).pathname;
};

describe('notification preferences', () => {
  it('defaults, then stored per user; security cannot be turned off', async () => {
    const c = await app.login('client1@avenir.test');
    expect((await c.get(PATH)).body).toEqual({ categories: DEFAULTS });
    const wanted = {
      ...DEFAULTS,
      news: { push: true, email: true },
      chat: { push: false, email: true },
    };
    const put = await c.request('PUT', PATH, { categories: wanted });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ categories: wanted });
    expect((await c.get(PATH)).body).toEqual({ categories: wanted });
    // Someone else's are untouched.
    expect((await (await app.login('client2@avenir.test')).get(PATH)).body.categories).toEqual(
      DEFAULTS,
    );

    for (const security of [
      { push: false, email: true },
      { push: true, email: false },
    ]) {
      const off = await c.request('PUT', PATH, { categories: { ...wanted, security } });
      expect(off.status).toBe(400);
      expect(off.body.error.code).toBe('validation_failed');
    }
    for (const bad of [
      { categories: { ...wanted, chat: { push: 'yes', email: false } } },
      { categories: { ...wanted, sms: { push: true, email: false } } },
      { categories: { chat: wanted.chat } },
      {},
    ])
      expect((await c.request('PUT', PATH, bad)).status).toBe(400);
    expect((await c.get(PATH)).body).toEqual({ categories: wanted }); // nothing changed
    expect((await app.anon().get(PATH)).status).toBe(401);
    const noOrigin = new (c.constructor as typeof Agent)(c.base, null);
    noOrigin.cookie = c.cookie;
    expect((await noOrigin.request('PUT', PATH, { categories: DEFAULTS })).status).toBe(403);
  });

  it('Web Push follows them; security alerts always go', async () => {
    const c = await app.login('client3@avenir.test');
    const advisor = await app.login('conseiller1@avenir.test');
    const path = await subscribe(c);
    const notify = (kind: string, title: string) =>
      advisor.post('/api/notifications', { recipientId: c.user.id, kind, title, body: 'Corps' });
    expect((await notify('info', 'Pushed')).status).toBe(201);
    await push.next((r) => r.path === path);
    await c.request('PUT', PATH, {
      categories: { ...DEFAULTS, chat: { push: false, email: false } },
    });
    expect((await notify('appointment', 'Not pushed')).status).toBe(201);
    expect((await notify('alert', 'Security')).status).toBe(201);
    // The alert's push arrived: the appointment's was decided (synchronously) before it.
    await expect.poll(() => push.requests.filter((r) => r.path === path).length).toBe(2);
    await c.request('PUT', PATH, { categories: DEFAULTS });
    expect((await notify('offer', 'Pushed again')).status).toBe(201);
    await expect.poll(() => push.requests.filter((r) => r.path === path).length).toBe(3);
  });

  it('news reach by push and e-mail only who asked for them', async () => {
    const fan = await app.login('client2@avenir.test');
    const other = await app.login('client5@avenir.test');
    const director = await app.login('directeur@avenir.test');
    const fanPath = await subscribe(fan);
    const otherPath = await subscribe(other);
    await fan.request('PUT', PATH, {
      categories: { ...DEFAULTS, news: { push: true, email: true } },
    });
    const before = smtp.mails.length;
    const posted = await director.post('/api/news', { title: 'Agence fermée', body: 'Lundi.' });
    expect(posted.status).toBe(201);
    const got = await push.next((r) => r.path === fanPath);
    const mail = await smtp.waitFor('client2@avenir.test', before);
    expect(mail.text).toContain('Lundi.');
    // Both pushes would leave together: the fan's arrived, the other's was never sent.
    expect(push.requests.filter((r) => r.path === otherPath)).toEqual([]);
    expect(got).toBeDefined();
    expect(outboxTo('client5@avenir.test').filter((m) => m.subject.includes('Agence'))).toEqual([]);
  });

  it('e-mail follows them: a transfer received is mailed only to who asked', async () => {
    const payer = await app.login('client2@avenir.test');
    const optedIn = await app.login('client4@avenir.test');
    const other = await app.login('client5@avenir.test');
    await optedIn.request('PUT', PATH, {
      categories: { ...DEFAULTS, transfer: { push: true, email: true } },
    });
    const from = (await payer.get('/api/accounts')).body.items[0];
    const ibanOf = async (a: Agent) => (await a.get('/api/accounts')).body.items[0].iban;
    // Saved beneficiaries (through the service: this file's mails go to SMTP, not the dev mailbox,
    // so no e-mailed code here), hence no strong authentication per transfer.
    for (const to of [other, optedIn])
      addBeneficiary(app.platform, payer.user.id, 'Bénéficiaire', await ibanOf(to));
    const send = async (to: Agent, key: string) =>
      payer.post(
        '/api/transfers',
        {
          fromAccountId: from.id,
          toIban: await ibanOf(to),
          amountCents: 1_000,
          label: 'Remboursement',
          beneficiaryName: `${to.user.firstName} ${to.user.lastName}`,
        },
        { 'Idempotency-Key': key },
      );
    const before = smtp.mails.length;
    expect((await send(other, `pref-a-${Date.now()}`)).status).toBe(201);
    expect((await send(optedIn, `pref-b-${Date.now()}`)).status).toBe(201);
    const mail = await smtp.waitFor('client4@avenir.test', before);
    expect(mail.text).toContain('Remboursement');
    expect(outboxTo('client4@avenir.test')[0].subject).toContain('Virement reçu');
    // Decided when the transfer was answered: nothing was queued for client5.
    expect(outboxTo('client5@avenir.test')).toEqual([]);
  });
});
