// API.md from the outside, on whichever host AVENIR_HOST names (test/contract/host.ts).
import { get, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startContractHost, type ContractHost } from './host';
import { startSmtpReceiver, verificationToken } from '../smtp';
import {
  createBrowserSubscription,
  startLocalPushService,
  verifyVapidHeader,
  type LocalPushService,
} from '../../src/push/testing/push-service';
import { isValidIban } from '../../src/accounts/iban';
import { NEWCOMER_PROFILE } from '../newcomer';

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

/** A GET that keeps the body as it came (fetch would decode it). */
function rawGet(url: string, acceptEncoding: string) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((ok, ko) => {
    get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        ok({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', ko);
    }).on('error', ko);
  });
}

const newcomer = (email: string) => ({
  ...NEWCOMER_PROFILE,
  email,
  password: 'motdepasse-solide',
  firstName: 'Alice',
  lastName: 'Martin',
});

describe('the client and HTTP basics', () => {
  it('serves the client with the security headers, and index.html for app paths', async () => {
    for (const path of ['/', '/verify-email']) {
      const res = await app.anon().get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.text).toContain('<div id="app">');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    const index = await app.anon().get('/');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)![1];
    const js = await app.anon().get(asset);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the client precompressed (br, then gzip) with Vary, the same bytes once decoded', async () => {
    const index = await app.anon().get('/');
    const assets = [...index.text.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)];
    expect(assets.length).toBeGreaterThanOrEqual(2); // the entry script and its style sheet
    for (const [, asset] of assets) {
      const plain = await rawGet(app.origin + asset, 'identity');
      expect(plain.headers['content-encoding'] ?? 'identity').toBe('identity');
      for (const [encoding, decode] of [
        ['br', brotliDecompressSync],
        ['gzip', gunzipSync],
      ] as const) {
        const res = await rawGet(app.origin + asset, encoding);
        expect(res.status, asset).toBe(200);
        expect(res.headers['content-encoding'], asset).toBe(encoding);
        expect(res.headers.vary, asset).toMatch(/accept-encoding/i);
        expect(res.headers['cache-control']).toContain('immutable');
        expect(res.headers['content-type']).toMatch(/javascript|css/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.body.length).toBeLessThan(plain.body.length / 2);
        expect(decode(res.body).equals(plain.body), asset).toBe(true);
      }
    }
  });

  it('answers health, unknown routes and bad JSON with the error shape', async () => {
    const health = await app.anon().get('/api/health');
    expect(health.body).toMatchObject({ status: 'ok' });
    expect(health.headers.get('referrer-policy')).toBe('no-referrer');
    const missing = await app.anon().get('/api/does-not-exist');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const malformed = await app.anon().post('/api/auth/login', '{"email": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('validation_failed');
  });

  it('refuses state changes without our Origin', async () => {
    for (const origin of ['https://evil.example', 'null', null]) {
      const agent = app.anon();
      agent.originHeader = origin;
      const res = await agent.post('/api/auth/login', {
        email: 'client1@avenir.test',
        password: 'x',
      });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden_origin');
    }
  });

  it('requires a session for private routes', async () => {
    for (const path of ['/api/me', '/api/accounts', '/api/clients', '/api/notifications']) {
      const res = await app.anon().get(path);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
  });
});

describe('auth', () => {
  it('register → mail over SMTP → verify → session → account with a valid IBAN', async () => {
    const agent = app.anon();
    const before = smtp.mails.length;
    const res = await agent.post('/api/auth/register', newcomer('alice@exemple.fr'));
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'pending_verification' });
    const mail = await smtp.waitFor('alice@exemple.fr', before, 15_000);
    const token = verificationToken(mail);
    const early = await agent.post('/api/auth/login', {
      email: 'alice@exemple.fr',
      password: 'motdepasse-solide',
    });
    expect(early.body.error.code).toBe('email_not_verified');
    const verified = await agent.post('/api/auth/verify-email', { token });
    expect(verified.status).toBe(200);
    expect(verified.headers.get('set-cookie')).toMatch(
      /avenir_session=\w+; .*HttpOnly; SameSite=Lax/,
    );
    const me = await agent.get('/api/me');
    expect(me.body.user).toMatchObject({ email: 'alice@exemple.fr', role: 'client' });
    expect(me.body.user.advisor.role).toBe('advisor');
    const [account] = (await agent.get('/api/accounts')).body.items;
    expect(account).toMatchObject({ type: 'checking', balanceCents: 0, currency: 'EUR' });
    expect(isValidIban(account.iban)).toBe(true);
    expect((await app.anon().post('/api/auth/verify-email', { token })).body.error.code).toBe(
      'invalid_token',
    );
    // the same answer for a taken email (no enumeration)
    const dup = await app.anon().post('/api/auth/register', newcomer('alice@exemple.fr'));
    expect(dup.status).toBe(202);
    expect(dup.body).toEqual({ status: 'pending_verification' });
  });

  it('logs in with the fixtures, refuses a wrong password, locks after 10 failures', async () => {
    const ok = await app.login('client2@avenir.test');
    expect(ok.user.role).toBe('client');
    const wrong = await app
      .anon()
      .post('/api/auth/login', { email: 'client2@avenir.test', password: 'pas-le-bon-mot' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const pending = await app
      .anon()
      .post('/api/auth/login', { email: 'pending@avenir.test', password: 'Avenir-2026!' });
    expect(pending.body.error.code).toBe('email_not_verified');
    let last;
    for (let i = 0; i < 11; i++)
      last = await app
        .anon()
        .post('/api/auth/login', { email: 'client5@avenir.test', password: `faux-${i}` });
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  }, 60_000); // fourteen password hashes in a row: slow on a loaded machine
});

describe('staff, news, notifications and Web Push', () => {
  it('lists an advisor’s own clients and refuses clients', async () => {
    const advisor = await app.login('conseiller1@avenir.test');
    const emails = (await advisor.get('/api/clients')).body.items.map((c: any) => c.email);
    expect(emails).toContain('client1@avenir.test');
    expect(emails).not.toContain('client4@avenir.test');
    const client = await app.login('client1@avenir.test');
    expect((await client.get('/api/clients')).status).toBe(403);
  });

  it('pushes a notification, encrypted and signed, to a local HTTPS push service', async () => {
    const client = await app.login('client1@avenir.test');
    const advisor = await app.login('conseiller1@avenir.test');
    const sub = createBrowserSubscription(`${push.origin}/push/contract-${Date.now()}`);
    const created = await client.post('/api/push/subscriptions', {
      endpoint: sub.endpoint,
      keys: sub.keys,
    });
    expect(created.status).toBe(201);
    const outside = await client.post('/api/push/subscriptions', {
      endpoint: 'https://evil.example/push/1',
      keys: sub.keys,
    });
    expect(outside.status).toBe(400);
    const sent = await advisor.post('/api/notifications', {
      recipientId: client.user.id,
      kind: 'appointment',
      title: 'Rendez-vous',
      body: 'Demain à 10 h',
    });
    expect(sent.status).toBe(201);
    const req = await push.next((r) => r.path === new URL(sub.endpoint).pathname, 15_000);
    expect(req.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(req.headers.ttl)).toBeGreaterThan(0);
    const publicKey = (await client.get('/api/push/public-key')).body.publicKey;
    expect(verifyVapidHeader(req.headers.authorization as string, push.origin).publicKey).toBe(
      publicKey,
    );
    expect(JSON.parse(sub.decrypt(req.body))).toMatchObject({
      notificationId: sent.body.notification.id,
      title: 'Rendez-vous',
    });
    const list = await client.get('/api/notifications');
    expect(list.body.items[0].id).toBe(sent.body.notification.id);
  });
});

// Last: on Node the 413 closes the connection, which a client's pool may still reuse.
it('answers an over-long body with 413 and the error shape', async () => {
  const huge = await app
    .anon()
    .post('/api/auth/register', { ...newcomer('huge@exemple.fr'), firstName: 'x'.repeat(200_000) });
  expect(huge.status).toBe(413);
  expect(huge.body.error.code).toBe('payload_too_large');
  expect(huge.headers.get('x-content-type-options')).toBe('nosniff');
});
