// Issue 19 item 4: every step-up password goes through the hash gate, and its failures lock
// the user like login failures (5 wrong → 15 minutes, 429). The beneficiary password is gone.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness';
import type { PasswordHasher } from './password';
import { HASHES_PER_ADDRESS } from './hash-gate';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ TRUST_PROXY: 'true' });
});
afterAll(() => app?.stop());

it('a flood of wrong current passwords from one session: hashed a few at a time, then locked', async () => {
  const agent = await app.login('client1@avenir.test');
  const real = app.platform.hasher;
  const seen = { calls: 0 };
  const counting: PasswordHasher = {
    hash: (pw) => (seen.calls++, real.hash(pw)),
    verify: (h, pw) => (seen.calls++, real.verify(h, pw)),
  };
  app.platform.hasher = counting;
  try {
    const change = () =>
      agent.post(
        '/api/auth/password',
        { currentPassword: 'pas-le-bon', newPassword: 'Nouveau-2026!!' },
        { 'x-forwarded-for': '203.0.113.9' },
      );
    const answers = await Promise.all(Array.from({ length: 40 }, change));
    const gated = answers.filter(
      (a) => a.status === 429 && /demandes en cours/.test(a.body.error.message),
    );
    // Beyond the gate's share of one address, refused at once without hashing.
    expect(gated.length).toBeGreaterThanOrEqual(40 - HASHES_PER_ADDRESS);
    expect(seen.calls).toBeLessThanOrEqual(HASHES_PER_ADDRESS);
    // Five wrong answers lock the step-up: even the right password now gets 429, unhashed.
    const wrong = answers.filter((a) => a.status === 403).length;
    for (let i = wrong; i < 5; i++) expect((await change()).status).toBe(403);
    const before = seen.calls;
    const locked = await agent.post('/api/auth/password', {
      currentPassword: 'Avenir-2026!',
      newPassword: 'Nouveau-2026!!',
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(seen.calls).toBe(before);
  } finally {
    app.platform.hasher = real;
  }
});

it('the beneficiary route no longer hashes a password at all', async () => {
  const agent = await app.login('client2@avenir.test');
  const real = app.platform.hasher;
  let calls = 0;
  app.platform.hasher = {
    hash: (pw) => (calls++, real.hash(pw)),
    verify: (h, pw) => (calls++, real.verify(h, pw)),
  };
  try {
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        agent.post('/api/beneficiaries', {
          name: 'Marie Dubois',
          iban: 'FR7630006000011234567890189',
          password: 'devine',
        }),
      ),
    );
    expect(new Set(answers.map((a) => `${a.status} ${a.body.error.code}`))).toEqual(
      new Set(['403 sca_required']),
    );
    expect(calls).toBe(0);
  } finally {
    app.platform.hasher = real;
  }
});
