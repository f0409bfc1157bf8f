import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/harness';
import { startPushApp } from './test-kit';
import { pushSubscriptions, settings, users } from '../db/schema';
import { createBrowserSubscription, type LocalPushService } from './testing/push-service';

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

const userId = (email: string) =>
  app.platform.db.select().from(users).where(eq(users.email, email)).get()!.id;
const subscriptionsOf = (id: number) =>
  app.platform.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, id)).all();
const freshSubscription = () =>
  createBrowserSubscription(`${push.origin}/push/${process.pid}-${++path}`);

describe('VAPID public key', () => {
  it('is a P-256 point, generated once and stored in settings', async () => {
    const a = await app.anon().get('/api/push/public-key');
    expect(a.status).toBe(200);
    expect(Buffer.from(a.body.publicKey, 'base64url')).toHaveLength(65);
    const again = await app.anon().get('/api/push/public-key');
    expect(again.body.publicKey).toBe(a.body.publicKey);
    const row = app.platform.db.select().from(settings).where(eq(settings.key, 'vapid')).get();
    expect(JSON.parse(row!.value).publicKey).toBe(a.body.publicKey);
  });

  it('comes from the environment when VAPID keys are given', async () => {
    const { generateVapidKeys } = await import('./vapid');
    const keys = await generateVapidKeys();
    const other = await startTestApp({
      VAPID_PUBLIC_KEY: keys.publicKey,
      VAPID_PRIVATE_KEY: keys.privateKey,
    });
    try {
      expect((await other.anon().get('/api/push/public-key')).body.publicKey).toBe(keys.publicKey);
      // Nothing VAPID is stored when the environment gives the keys (other settings may be).
      const stored = other.platform.db.select().from(settings).all();
      expect(stored.filter((s) => /vapid/i.test(s.key))).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});

describe('subscriptions', () => {
  it('stores, upserts by endpoint for the caller, and deletes only the caller’s', async () => {
    const c2 = await app.login('client2@avenir.test');
    const c3 = await app.login('client3@avenir.test');
    const sub = freshSubscription();
    const body = { endpoint: sub.endpoint, keys: sub.keys, expirationTime: null };
    const created = await c2.post('/api/push/subscriptions', body);
    expect(created.status).toBe(201);
    expect(created.body.subscription.endpoint).toBe(sub.endpoint);
    expect((await c2.post('/api/push/subscriptions', body)).status).toBe(201);
    expect(
      subscriptionsOf(userId('client2@avenir.test')).filter((s) => s.endpoint === sub.endpoint),
    ).toHaveLength(1);

    // Someone else cannot delete it…
    expect((await c3.del('/api/push/subscriptions', { endpoint: sub.endpoint })).status).toBe(204);
    expect(subscriptionsOf(userId('client2@avenir.test')).map((s) => s.endpoint)).toContain(
      sub.endpoint,
    );
    // …the owner can.
    expect((await c2.del('/api/push/subscriptions', { endpoint: sub.endpoint })).status).toBe(204);
    expect(subscriptionsOf(userId('client2@avenir.test')).map((s) => s.endpoint)).not.toContain(
      sub.endpoint,
    );
  });

  it('needs a session', async () => {
    const sub = freshSubscription();
    const res = await app
      .anon()
      .post('/api/push/subscriptions', { endpoint: sub.endpoint, keys: sub.keys });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('refuses endpoints the server must never post to, and stores nothing', async () => {
    const c = await app.login('client5@avenir.test');
    const keys = freshSubscription().keys;
    const before = app.platform.db.select().from(pushSubscriptions).all().length;
    const port = new URL(push.origin).port;
    const refused = [
      `http://127.0.0.1:${port}/push/x`, // plain http, even on the allowed host
      'http://fcm.googleapis.com/fcm/send/abc',
      'https://10.0.0.1/push',
      'https://192.168.1.10/push',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/push',
      'https://127.0.0.1/push', // allowed origin has another port
      `https://127.0.0.2:${port}/push`,
      'https://localhost/push',
      'https://evil.example.com/push',
      'https://fcm.googleapis.com.evil.com/fcm/send/x',
      'https://evilpush.apple.com/x',
      'https://push.apple.com/x', // only subdomains of push.apple.com
      'https://fcm.googleapis.com:8443/fcm/send/x',
      'https://user:pw@fcm.googleapis.com/fcm/send/x',
      'ftp://fcm.googleapis.com/x',
      'javascript:alert(1)',
      'not a url',
      `https://fcm.googleapis.com/${'a'.repeat(2100)}`,
    ];
    for (const endpoint of refused) {
      const res = await c.post('/api/push/subscriptions', { endpoint, keys });
      expect(res.status, endpoint).toBe(400);
      expect(res.body.error.code, endpoint).toBe('validation_failed');
      expect(res.body.error.fields.endpoint, endpoint).toBeTruthy();
    }
    expect(app.platform.db.select().from(pushSubscriptions).all()).toHaveLength(before);
  });

  it('accepts the well-known push services', async () => {
    const c = await app.login('client6@avenir.test');
    const keys = freshSubscription().keys;
    for (const endpoint of [
      'https://fcm.googleapis.com/fcm/send/dX1',
      'https://updates.push.services.mozilla.com/wpush/v2/gAAA',
      'https://web.push.apple.com/QO3j',
      'https://wns2-par02p.notify.windows.com/w/?token=BQYAAA',
    ]) {
      expect((await c.post('/api/push/subscriptions', { endpoint, keys })).status, endpoint).toBe(
        201,
      );
    }
    for (const endpoint of [
      'https://fcm.googleapis.com/fcm/send/dX1',
      'https://web.push.apple.com/QO3j',
    ]) {
      await c.del('/api/push/subscriptions', { endpoint });
    }
  });

  it('checks the keys: p256dh a 65-byte P-256 point, auth 16 bytes, base64url', async () => {
    const c = await app.login('client5@avenir.test');
    const good = freshSubscription();
    const b64 = (n: number, first = 4) =>
      Buffer.concat([Buffer.from([first]), Buffer.alloc(n - 1, 7)]).toString('base64url');
    const cases: [string, unknown][] = [
      ['p256dh', { p256dh: b64(64), auth: good.keys.auth }],
      ['p256dh', { p256dh: b64(65), auth: good.keys.auth }], // not on the curve
      ['p256dh', { p256dh: good.keys.p256dh.replace(/^./, '+'), auth: good.keys.auth }],
      ['auth', { p256dh: good.keys.p256dh, auth: Buffer.alloc(15).toString('base64url') }],
      ['auth', { p256dh: good.keys.p256dh, auth: 'not/base64url!!' }],
      ['auth', { p256dh: good.keys.p256dh }],
    ];
    for (const [field, keys] of cases) {
      const res = await c.post('/api/push/subscriptions', { endpoint: good.endpoint, keys });
      expect(res.status, JSON.stringify(keys)).toBe(400);
      expect(Object.keys(res.body.error.fields).join(), JSON.stringify(keys)).toContain(field);
    }
    expect((await c.post('/api/push/subscriptions', { endpoint: good.endpoint })).status).toBe(400);
    expect((await c.post('/api/push/subscriptions', 'nope')).status).toBe(400);
    expect(subscriptionsOf(userId('client5@avenir.test')).map((s) => s.endpoint)).not.toContain(
      good.endpoint,
    );
  });

  it('refuses a forged Origin', async () => {
    const c = await app.login('client5@avenir.test');
    const sub = freshSubscription();
    const res = await c.post(
      '/api/push/subscriptions',
      { endpoint: sub.endpoint, keys: sub.keys },
      { origin: 'https://evil.test' },
    );
    expect(res.status).toBe(403);
    expect(subscriptionsOf(userId('client5@avenir.test')).map((s) => s.endpoint)).not.toContain(
      sub.endpoint,
    );
  });
});
