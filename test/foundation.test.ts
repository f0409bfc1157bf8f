import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness';
import { isValidIban } from '../src/accounts/iban';
import { loadConfig } from '../src/config';
import { NEWCOMER_PROFILE } from './newcomer';

describe('fixtures, staff list and dev mailbox (default config)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.stop());

  it('seeds every fixture account of API.md', { timeout: 60_000 }, async () => {
    const director = await app.login('directeur@avenir.test');
    expect(director.user.role).toBe('director');
    for (const i of [1, 2, 3, 4, 5, 6]) {
      const client = await app.login(`client${i}@avenir.test`);
      const advisorEmail = i <= 3 ? 'conseiller1@avenir.test' : 'conseiller2@avenir.test';
      const advisor = await app.login(advisorEmail);
      expect(client.user.advisor?.id).toBe(advisor.user.id);
      const accounts = await client.get('/api/accounts');
      // One checking account each with money on it; client1 and client2 also a Livret Avenir.
      const types = accounts.body.items.map((a: { type: string }) => a.type);
      expect(types).toEqual(i <= 2 ? ['checking', 'savings'] : ['checking']);
      expect(accounts.body.items[0].balanceCents).toBeGreaterThan(0);
      for (const a of accounts.body.items) expect(isValidIban(a.iban)).toBe(true);
    }
    const pending = await app
      .anon()
      .post('/api/auth/login', { email: 'pending@avenir.test', password: 'Avenir-2026!' });
    expect(pending.status).toBe(403);
    expect(pending.body.error.code).toBe('email_not_verified');
  });

  it("lists an advisor's own clients, all clients for the director, and refuses clients", async () => {
    const c1 = await app.login('conseiller1@avenir.test');
    const mine = await c1.get('/api/clients');
    expect(mine.status).toBe(200);
    const emails = mine.body.items.map((c: any) => c.email);
    expect(emails).toEqual(
      expect.arrayContaining(['client1@avenir.test', 'client2@avenir.test', 'client3@avenir.test']),
    );
    expect(emails).not.toContain('client4@avenir.test');
    for (const item of mine.body.items) {
      expect(Object.keys(item).sort()).toEqual([
        'advisor',
        'email',
        'emailVerified',
        'firstName',
        'id',
        'lastName',
        'online',
      ]);
      expect(item.advisor.id).toBe(c1.user.id);
      expect(item.online).toBe(false);
    }
    const director = await app.login('directeur@avenir.test');
    const all = await director.get('/api/clients');
    expect(all.body.items.length).toBeGreaterThanOrEqual(7);
    const client = await app.login('client1@avenir.test');
    const refused = await client.get('/api/clients');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
  });

  it('gives staff titles (GET /api/titles) while summaries keep their four fields', async () => {
    const client = await app.login('client1@avenir.test');
    const me = await client.get('/api/me');
    expect(Object.keys(me.body.user.advisor).sort()).toEqual([
      'firstName',
      'id',
      'lastName',
      'role',
    ]);
    const titles = await client.get('/api/titles');
    expect(titles.status).toBe(200);
    const director = await app.login('directeur@avenir.test');
    const directorId = (await director.get('/api/me')).body.user.id;
    expect(titles.body.items).toContainEqual({ id: directorId, gender: 'feminine' });
    expect(titles.body.items.every((t: any) => Object.keys(t).length === 2)).toBe(true);
    expect((await app.anon().get('/api/titles')).status).toBe(401);
  });

  it('keeps mails in the dev mailbox without SMTP_URL, as HTML and JSON', async () => {
    await app.anon().post('/api/auth/register', {
      ...NEWCOMER_PROFILE,
      email: 'boite@exemple.fr',
      password: 'motdepasse-solide',
      firstName: 'Zoé',
      lastName: 'Boîte',
    });
    const json = await app.anon().get('/dev/mailbox.json');
    expect(json.status).toBe(200);
    const mail = json.body.items.find((m: any) => m.to === 'boite@exemple.fr');
    expect(mail.subject).toContain('Confirmez');
    expect(mail.text).toMatch(/\/verify-email\?token=[a-z0-9]+/);
    const html = await app.anon().get('/dev/mailbox');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.text).toMatch(/<a href="http:\/\/localhost:\d+\/verify-email\?token=[a-z0-9]+">/);
  });

  // Seconds on a quiet machine; the generous timeout is for a busy one (2,000 clients = ~44,000 operations).
  it('seeds thousands of clients quickly with one password hash', { timeout: 90_000 }, async () => {
    const big = await startTestApp({ SEED_CLIENTS: '2000' });
    try {
      const director = await big.login('directeur@avenir.test');
      const all = await director.get('/api/clients');
      expect(all.body.items.length).toBe(2001);
      const last = await big.login('client2000@avenir.test');
      expect(last.user.advisor).toBeTruthy();
    } finally {
      await big.stop();
    }
  });
});

describe('production settings', () => {
  it('never serves the dev mailbox when NODE_ENV=production', async () => {
    const app = await startTestApp({ NODE_ENV: 'production' });
    try {
      for (const path of ['/dev/mailbox', '/dev/mailbox.json']) {
        const res = await app.anon().get(path);
        expect(res.status).toBe(404);
      }
    } finally {
      await app.stop();
    }
  });

  it('marks the cookie Secure when APP_URL is https', async () => {
    const app = await startTestApp({ APP_URL: 'https://banque.example' });
    try {
      const res = await app
        .anon()
        .post('/api/auth/login', { email: 'client1@avenir.test', password: 'Avenir-2026!' });
      expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      await app.stop();
    }
  });

  it('sends Strict-Transport-Security when APP_URL is https, and only then', async () => {
    const secure = await startTestApp({ APP_URL: 'https://banque.example' });
    try {
      for (const path of ['/api/health', '/api/me', '/api/nowhere']) {
        const res = await secure.anon().get(path);
        expect(res.headers.get('strict-transport-security')).toBe(
          'max-age=31536000; includeSubDomains',
        );
      }
    } finally {
      await secure.stop();
    }
    const plain = await startTestApp();
    try {
      const res = await plain.anon().get('/api/health');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await plain.stop();
    }
  });

  it('fails fast on a bad configuration with a readable message', () => {
    expect(() => loadConfig({ PORT: 'abc', SEED_CLIENTS: '-1' })).toThrow(
      /PORT[\s\S]*SEED_CLIENTS/,
    );
    expect(() => loadConfig({ PUSH_ALLOWED_ORIGINS: 'http://x' })).toThrow(/PUSH_ALLOWED_ORIGINS/);
  });
});
