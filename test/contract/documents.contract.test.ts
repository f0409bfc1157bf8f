// « Documents », « Transfers list and receipts » (the receipt) and « Notification
// preferences » from the outside, on whichever host AVENIR_HOST names.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startContractHost, type ContractHost } from './host';
import { startSmtpReceiver } from '../smtp';
import type { Agent } from '../harness';
import {
  createBrowserSubscription,
  startLocalPushService,
  type LocalPushService,
} from '../../src/push/testing/push-service';

let app: ContractHost;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let push: LocalPushService;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  push = await startLocalPushService();
  app = await startContractHost({ SMTP_URL: smtp.url }, { push });
}, 180_000);
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
  await push?.close();
});

const PREFS = '/api/me/notification-preferences';
const bytesOf = async (a: Agent, path: string) => {
  const res = await fetch(a.base + path, { headers: { cookie: a.cookie } });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

it('documents: three months of statements, the same bytes every time, owners only', async () => {
  const c1 = await app.login('client1@avenir.test');
  const c2 = await app.login('client2@avenir.test');
  const list = await c1.get('/api/documents?kind=statement');
  expect(list.status).toBe(200);
  const checking = (await c1.get('/api/accounts')).body.items.find(
    (a: any) => a.type === 'checking',
  );
  const mine = list.body.items.filter((d: any) => d.accountId === checking.id);
  expect(mine.length).toBeGreaterThanOrEqual(3);
  const d = mine[0];
  expect(d).toMatchObject({ kind: 'statement', period: expect.stringMatching(/^\d{4}-\d{2}$/) });
  const a = await bytesOf(c1, `/api/documents/${d.id}`);
  const b = await bytesOf(c1, `/api/documents/${d.id}`);
  expect(a.res.headers.get('content-type')).toBe('application/pdf');
  expect(a.res.headers.get('content-disposition')).toMatch(/^attachment/);
  expect(a.bytes.equals(b.bytes)).toBe(true);
  expect(sha(a.bytes)).toBe(d.sha256);
  expect(a.bytes.length).toBe(d.sizeBytes);
  expect((await c2.get(`/api/documents/${d.id}`)).status).toBe(404);
  expect((await c1.get('/api/documents?kind=nope')).status).toBe(400);

  const advisor = await app.login('conseiller1@avenir.test');
  const other = await app.login('conseiller2@avenir.test');
  const seen = await advisor.get(`/api/clients/${c1.user.id}/documents?kind=statement`);
  expect(seen.body.items).toEqual(list.body.items);
  expect((await other.get(`/api/clients/${c1.user.id}/documents`)).status).toBe(404);
});

it('a receipt for each transfer, for the payer only', async () => {
  const payer = await app.login('client2@avenir.test');
  const from = (await payer.get('/api/accounts')).body.items[0];
  // to a second account of the payer's own: no strong authentication (this file's mails go to SMTP)
  const own = await payer.post('/api/accounts', { type: 'checking', label: 'Compte joint' });
  const t = await payer.post(
    '/api/transfers',
    {
      fromAccountId: from.id,
      toIban: own.body.account.iban,
      amountCents: 999,
      label: 'Facture été',
      beneficiaryName: 'Zoë Lefèvre',
    },
    { 'Idempotency-Key': `contract-receipt-${Date.now()}` },
  );
  expect(t.status).toBe(201);
  const r1 = await bytesOf(payer, `/api/transfers/${t.body.transfer.id}/receipt.pdf`);
  const r2 = await bytesOf(payer, `/api/transfers/${t.body.transfer.id}/receipt.pdf`);
  expect(r1.res.status).toBe(200);
  expect(r1.res.headers.get('content-type')).toBe('application/pdf');
  expect(r1.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(r1.bytes.equals(r2.bytes)).toBe(true);
  const receipts = (await payer.get('/api/documents?kind=transfer_receipt')).body.items;
  expect(receipts.map((d: any) => d.sha256)).toContain(sha(r1.bytes));
  const someoneElse = await app.login('client3@avenir.test');
  expect((await someoneElse.get(`/api/transfers/${t.body.transfer.id}/receipt.pdf`)).status).toBe(
    404,
  );
});

it('preferences: defaults, security stays on, push follows them', async () => {
  const c = await app.login('client3@avenir.test');
  const advisor = await app.login('conseiller1@avenir.test');
  const defaults = (await c.get(PREFS)).body.categories;
  expect(defaults.news).toEqual({ push: false, email: false });
  expect(defaults.security).toEqual({ push: true, email: true });
  expect(defaults.chat).toEqual({ push: true, email: false });
  const off = { ...defaults, security: { push: false, email: false } };
  expect((await c.request('PUT', PREFS, { categories: off })).status).toBe(400);

  const sub = createBrowserSubscription(`${push.origin}/push/contract-prefs-${Date.now()}`);
  const path = new URL(sub.endpoint).pathname;
  expect(
    (await c.post('/api/push/subscriptions', { endpoint: sub.endpoint, keys: sub.keys })).status,
  ).toBe(201);
  const quiet = { ...defaults, chat: { push: false, email: false } };
  expect((await c.request('PUT', PREFS, { categories: quiet })).body.categories).toEqual(quiet);
  const notify = (kind: string) =>
    advisor.post('/api/notifications', { recipientId: c.user.id, kind, title: kind, body: 'x' });
  expect((await notify('info')).status).toBe(201);
  expect((await notify('alert')).status).toBe(201); // security: always pushed
  const got = await push.next((r) => r.path === path, 10_000);
  expect(JSON.parse(sub.decrypt(got.body)).kind).toBe('alert');
  expect(push.requests.filter((r) => r.path === path)).toHaveLength(1);
});

it('on the 1st: new statements arrive live; an unread chat message is mailed to who asked', async () => {
  const c = await app.login('client4@avenir.test');
  const advisor = await app.login('conseiller2@avenir.test');
  const prefs = (await c.get(PREFS)).body.categories;
  await c.request('PUT', PREFS, { categories: { ...prefs, chat: { push: true, email: true } } });
  const conv = (await c.get('/api/conversations')).body.items.find(
    (x: any) => x.kind === 'private',
  );
  const said = await advisor.post(`/api/conversations/${conv.id}/messages`, {
    body: 'Votre nouveau chéquier est prêt.',
    clientId: `contract-${Date.now()}`,
  });
  expect(said.status).toBe(201);
  const stream = await c.sse();
  const now = new Date((await c.get('/dev/clock')).body.now);
  const month = now.toISOString().slice(0, 7);
  const days = Math.ceil(
    (Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 2, 12) - +now) / 86_400_000,
  );
  const mailsBefore = smtp.mails.length;
  expect((await c.post('/dev/clock', { advanceDays: days })).status).toBe(200);
  const created = await stream.next(
    (e) => e.event === 'document.created' && e.data.document.period === month,
    10_000,
  );
  expect(created.data.document.kind).toBe('statement');
  const notice = await stream.next((e) => e.event === 'notification' && e.data.kind === 'document');
  expect(notice.data.link).toBe('/documents');
  await stream.close();
  const mail = await smtp.waitFor('client4@avenir.test', mailsBefore, 15_000);
  expect(mail.text).toContain('vous a écrit');
  expect(mail.text).not.toContain('chéquier');
});
