// API.md « Conventions »: Origin checks, the error shape, JSON 404s, security headers, private routes.
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/harness';
import { users } from '../db/schema';
import { NEWCOMER_PROFILE } from '../../test/newcomer';
import { startSmtpAppForFile } from '../../test/smtp-app';

let app: TestApp;
startSmtpAppForFile((started) => (app = started.app));

const newcomer = (email: string) => ({
  ...NEWCOMER_PROFILE,
  email,
  password: 'motdepasse-solide',
  firstName: 'Alice',
  lastName: 'Nouvelle',
});
const countUsers = () => app.platform.db.select().from(users).all().length;

describe('conventions', () => {
  it('refuses state changes from a foreign, null or missing Origin, and changes nothing', async () => {
    const n = countUsers();
    for (const origin of ['https://evil.example', 'null', null]) {
      const agent = app.anon();
      agent.originHeader = origin;
      const res = await agent.post('/api/auth/register', newcomer(`origin-${origin}@exemple.fr`));
      expect(res.status).toBe(403);
      expect(res.body).toEqual({
        error: { code: 'forbidden_origin', message: expect.any(String) },
      });
    }
    expect(countUsers()).toBe(n);
    // a signed-in user's logout from a foreign page does not end the session
    const agent = await app.login('client6@avenir.test');
    const res = await agent.post('/api/auth/logout', {}, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await agent.get('/api/me')).status).toBe(200);
    // APP_URL's origin is accepted too
    const viaAppUrl = await app
      .anon()
      .post(
        '/api/auth/login',
        { email: 'client6@avenir.test', password: 'x' },
        { origin: app.platform.config.appUrl.origin },
      );
    expect(viaAppUrl.status).toBe(401);
  });

  it('answers malformed JSON, wrong types and oversized bodies with the error shape', async () => {
    const agent = app.anon();
    const malformed = await agent.post('/api/auth/register', '{"email": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('validation_failed');
    const types = await agent.post('/api/auth/register', {
      ...NEWCOMER_PROFILE,
      email: 42,
      password: ['x'],
      firstName: {},
      lastName: null,
    });
    expect(types.status).toBe(400);
    expect(Object.keys(types.body.error.fields).sort()).toEqual([
      'email',
      'firstName',
      'lastName',
      'password',
    ]);
    const shortPw = await agent.post('/api/auth/register', {
      ...newcomer('eve@exemple.fr'),
      password: 'court',
    });
    expect(shortPw.body.error.fields.password).toBeTruthy();
    const huge = await agent.post('/api/auth/register', {
      ...newcomer('huge@exemple.fr'),
      firstName: 'x'.repeat(200_000),
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    const notJson = await agent.post('/api/auth/login', 'email=a', {
      'content-type': 'text/plain',
    });
    expect(notJson.status).toBe(400);
  });

  it('answers unknown API routes with a JSON 404 and sets security headers', async () => {
    const res = await app.anon().get('/api/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    const health = await app.anon().get('/api/health');
    expect(health.body).toMatchObject({ status: 'ok' });
    expect(health.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('requires a session for private routes', async () => {
    for (const path of ['/api/me', '/api/accounts', '/api/clients']) {
      const res = await app.anon().get(path);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
  });
});
