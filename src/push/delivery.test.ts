// Web Push delivery: encrypted and signed payloads, urgency, and subscriptions the push service says are gone.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import type { TestApp } from '../../test/harness';
import { startPushApp } from './test-kit';
import { pushSubscriptions } from '../db/schema';
import {
  createBrowserSubscription,
  verifyVapidHeader,
  type LocalPushService,
} from './testing/push-service';

let push: LocalPushService;
let app: TestApp;
let path = 0;

beforeAll(async () => {
  ({ push, app } = await startPushApp());
});
afterAll(async () => {
  await app?.stop();
  await push?.close();
});

const subscriptionsOf = (id: number) =>
  app.platform.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, id)).all();
const freshSubscription = () =>
  createBrowserSubscription(`${push.origin}/push/${process.pid}-${++path}`);

describe('delivery', () => {
  it('pushes an encrypted, VAPID-signed payload the browser can decrypt, without delaying the answer', async () => {
    const client = await app.login('client1@avenir.test');
    const advisor = await app.login('conseiller1@avenir.test');
    const sub = freshSubscription();
    expect(
      (await client.post('/api/push/subscriptions', { endpoint: sub.endpoint, keys: sub.keys }))
        .status,
    ).toBe(201);
    const publicKey = (await app.anon().get('/api/push/public-key')).body.publicKey;

    // The push service holds its answer: the API must answer regardless.
    let release!: (status: number) => void;
    push.answer.set(new URL(sub.endpoint).pathname, new Promise<number>((r) => (release = r)));
    const sent = await advisor.post('/api/notifications', {
      recipientId: client.user.id,
      kind: 'appointment',
      title: 'Rendez-vous jeudi',
      body: 'Bonjour, votre rendez-vous est confirmé jeudi à 14 h. À bientôt — Julien',
      link: '/comptes',
    });
    expect(sent.status).toBe(201);
    const req = await push.next((r) => r.path === new URL(sub.endpoint).pathname);
    release(201);

    expect(req.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(req.headers.ttl)).toBe(86400);
    expect(req.headers.urgency).toBe('normal');
    expect(req.headers.topic).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    expect(verifyVapidHeader(req.headers.authorization as string, push.origin).publicKey).toBe(
      publicKey,
    );
    const payload = JSON.parse(sub.decrypt(req.body));
    expect(payload).toEqual({
      notificationId: sent.body.notification.id,
      title: 'Rendez-vous jeudi',
      body: 'Bonjour, votre rendez-vous est confirmé jeudi à 14 h. À bientôt — Julien',
      kind: 'appointment',
      url: '/comptes',
    });
  });

  it('sends alerts with Urgency high, to every subscription of the recipient only', async () => {
    const client = await app.login('client2@avenir.test');
    const other = await app.login('client3@avenir.test');
    const advisor = await app.login('conseiller1@avenir.test');
    const phone = freshSubscription();
    const laptop = freshSubscription();
    const stranger = freshSubscription();
    await client.post('/api/push/subscriptions', { endpoint: phone.endpoint, keys: phone.keys });
    await client.post('/api/push/subscriptions', { endpoint: laptop.endpoint, keys: laptop.keys });
    await other.post('/api/push/subscriptions', {
      endpoint: stranger.endpoint,
      keys: stranger.keys,
    });
    const body = 'é'.repeat(2000); // 4000 bytes of UTF-8: must be shortened to fit one record
    const sent = await advisor.post('/api/notifications', {
      recipientId: client.user.id,
      kind: 'alert',
      title: 'Opération inhabituelle',
      body,
    });
    expect(sent.status).toBe(201);
    for (const s of [phone, laptop]) {
      const req = await push.next((r) => r.path === new URL(s.endpoint).pathname);
      expect(req.headers.urgency).toBe('high');
      const plaintext = s.decrypt(req.body);
      expect(Buffer.byteLength(plaintext)).toBeLessThan(3993);
      const payload = JSON.parse(plaintext);
      expect(payload.title).toBe('Opération inhabituelle');
      expect(payload.body.endsWith('…')).toBe(true);
      expect(body.startsWith(payload.body.slice(0, -1))).toBe(true);
      expect(payload.url).toBe('/notifications');
    }
    // Ordered after the two pushes above would have been sent, the stranger got nothing.
    await advisor.post('/api/notifications', {
      recipientId: other.user.id,
      kind: 'info',
      title: 'Pour client3',
      body: 'x',
    });
    const theirs = await push.next((r) => r.path === new URL(stranger.endpoint).pathname);
    expect(JSON.parse(stranger.decrypt(theirs.body)).title).toBe('Pour client3');
    expect(
      push.requests.filter((r) => r.path === new URL(stranger.endpoint).pathname),
    ).toHaveLength(1);
  });

  it('deletes a subscription the push service says is gone (410, 404) and keeps it on other failures', async () => {
    const client = await app.login('client4@avenir.test');
    const advisor = await app.login('conseiller2@avenir.test');
    const gone = freshSubscription();
    const missing = freshSubscription();
    const failing = freshSubscription();
    push.answer.set(new URL(gone.endpoint).pathname, 410);
    push.answer.set(new URL(missing.endpoint).pathname, 404);
    push.answer.set(new URL(failing.endpoint).pathname, 500);
    for (const s of [gone, missing, failing]) {
      expect(
        (await client.post('/api/push/subscriptions', { endpoint: s.endpoint, keys: s.keys }))
          .status,
      ).toBe(201);
    }
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const sent = await advisor.post('/api/notifications', {
        recipientId: client.user.id,
        kind: 'offer',
        title: 'Offre',
        body: 'Livret',
      });
      expect(sent.status).toBe(201);
      const endpoints = () => subscriptionsOf(client.user.id).map((s) => s.endpoint);
      await vi.waitFor(() => expect(endpoints()).not.toContain(gone.endpoint), { timeout: 5000 });
      await vi.waitFor(() => expect(endpoints()).not.toContain(missing.endpoint), {
        timeout: 5000,
      });
      await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringContaining('500')), {
        timeout: 5000,
      });
      expect(endpoints()).toContain(failing.endpoint);
      // Logged by origin only: the endpoint is a secret capability URL.
      expect(String(warn.mock.calls.find((c) => String(c[0]).includes('500'))![0])).not.toContain(
        new URL(failing.endpoint).pathname,
      );
      // Tried once, not retried.
      expect(
        push.requests.filter((r) => r.path === new URL(failing.endpoint).pathname),
      ).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });
});
