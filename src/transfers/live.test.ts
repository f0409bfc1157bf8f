import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness';
import { trustPayee } from '../../test/sca';
import { createWebPushSender } from '../push/web-push-sender';
import { latestIssuedId } from '../feed/event-log';
import {
  createBrowserSubscription,
  startLocalPushService,
  type LocalPushService,
} from '../push/testing/push-service';

let push: LocalPushService;
let app: TestApp;

beforeAll(async () => {
  push = await startLocalPushService();
  app = await startTestApp({ PUSH_ALLOWED_ORIGINS: push.origin });
  app.platform.push = createWebPushSender({ agent: push.agent });
}, 60_000);
afterAll(async () => {
  await app?.stop();
  await push?.close();
});

it('pushes « Virement reçu » to the recipient and replays account.updated after Last-Event-ID', async () => {
  const [payer, payee] = await Promise.all([
    app.login('client5@avenir.test'),
    app.login('client6@avenir.test'),
  ]);
  const sub = createBrowserSubscription(`${push.origin}/push/transfer-${process.pid}`);
  expect(
    (await payee.post('/api/push/subscriptions', { endpoint: sub.endpoint, keys: sub.keys }))
      .status,
  ).toBe(201);
  const from = (await payer.get('/api/accounts')).body.items[0];
  const to = (await payee.get('/api/accounts')).body.items[0];
  await trustPayee(payer, to.iban);

  // The payee's last tab saw everything up to now (the newest event id), then closed.
  const lastId = String(await latestIssuedId(app.platform));

  const res = await payer.post(
    '/api/transfers',
    { fromAccountId: from.id, toIban: to.iban, amountCents: 1_234_56, beneficiaryName: 'X' },
    { 'idempotency-key': 'live-1' },
  );
  expect(res.status).toBe(201);

  const pushed = await push.next((r) => r.path === new URL(sub.endpoint).pathname, 5000);
  const payload = JSON.parse(sub.decrypt(pushed.body));
  expect(payload).toMatchObject({
    kind: 'transfer',
    title: expect.stringMatching(/^Virement reçu : 1 234,56 € de /),
  });

  const resumed = await payee.sse({ 'last-event-id': lastId });
  const updated = await resumed.next((e) => e.event === 'account.updated');
  expect(updated.data.account).toMatchObject({
    id: to.id,
    balanceCents: to.balanceCents + 1_234_56,
  });
  expect(updated.data.operation).toMatchObject({ amountCents: 1_234_56, kind: 'transfer' });
  const note = await resumed.next((e) => e.event === 'notification');
  expect(note.data).toMatchObject({ kind: 'transfer', sender: null });
  expect(Number(note.id)).toBeGreaterThan(Number(updated.id));
  await resumed.close();
});
