// Login, sessions and logout: one answer for a wrong password or an unknown email, lockout, hashed tokens.
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/harness';
import { sessionRow, setSession } from './test-kit';
import { hashToken } from './tokens';
import { startSmtpAppForFile } from '../../test/smtp-app';

let app: TestApp;
startSmtpAppForFile((started) => (app = started.app));

describe('login, sessions and logout', () => {
  it('rejects a wrong password and an unknown email alike', async () => {
    const wrong = await app
      .anon()
      .post('/api/auth/login', { email: 'client3@avenir.test', password: 'mauvais-mot' });
    const unknown = await app
      .anon()
      .post('/api/auth/login', { email: 'personne@avenir.test', password: 'mauvais-mot' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(unknown.body).toEqual(wrong.body);
  });

  it('locks an email after 10 failures in 15 minutes, with Retry-After, even for the right password', async () => {
    const email = 'client4@avenir.test';
    for (let i = 0; i < 10; i++) {
      const res = await app.anon().post('/api/auth/login', { email, password: `faux-${i}` });
      expect(res.status).toBe(401);
    }
    const locked = await app.anon().post('/api/auth/login', { email, password: 'Avenir-2026!' });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    const retry = Number(locked.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(900);
    // another email is not affected
    expect(
      (
        await app
          .anon()
          .post('/api/auth/login', { email: 'client5@avenir.test', password: 'Avenir-2026!' })
      ).status,
    ).toBe(200);
  });

  it('logout deletes the session and the cookie stops working', async () => {
    const agent = await app.login('client2@avenir.test');
    const cookie = agent.cookie;
    expect((await agent.get('/api/me')).status).toBe(200);
    const out = await agent.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/avenir_session=;/);
    const replay = app.anon();
    replay.cookie = cookie;
    const me = await replay.get('/api/me');
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('unauthenticated');
  });

  it('stores only the SHA-256 of the token; expires after 30 days and slides past half-life', async () => {
    const agent = await app.login('client3@avenir.test');
    const token = agent.cookie.split('=')[1];
    expect(token.length).toBeGreaterThanOrEqual(24); // ≥120 bits in base32
    const id = hashToken(token);
    const row = sessionRow(app, id)!;
    expect(row).toBeTruthy();
    const days = (row.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);

    // 20 days later: past half-life, the expiry slides and the cookie is re-set
    setSession(app, id, { expiresAt: new Date(Date.now() + 10 * 86_400_000) });
    const slid = await agent.get('/api/me');
    expect(slid.status).toBe(200);
    expect(slid.headers.get('set-cookie')).toMatch(/avenir_session=/);
    const after = sessionRow(app, id)!;
    expect(after.expiresAt.getTime() - Date.now()).toBeGreaterThan(29.9 * 86_400_000);

    // expired: refused and deleted
    setSession(app, id, { expiresAt: new Date(Date.now() - 1) });
    expect((await agent.get('/api/me')).status).toBe(401);
    expect(sessionRow(app, id)).toBeUndefined();
  });
});
