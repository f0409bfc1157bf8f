import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness';
import type { PasswordHasher } from './password';
import { createHashGate, HASHES_IN_ALL, HASHES_PER_ADDRESS } from './hash-gate';
import { NEWCOMER_PROFILE } from '../../test/newcomer';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ TRUST_PROXY: 'true' });
});
afterAll(() => app?.stop());

/** Wraps the app's hasher to count the hashes running at once (the work, never the time). */
function watchHashes() {
  const real = app.platform.hasher;
  const seen = { running: 0, max: 0, calls: 0 };
  const track = <T>(work: () => Promise<T>) => {
    seen.calls++;
    seen.max = Math.max(seen.max, ++seen.running);
    return work().finally(() => seen.running--);
  };
  const watching: PasswordHasher = {
    hash: (pw) => track(() => real.hash(pw)),
    verify: (h, pw) => track(() => real.verify(h, pw)),
  };
  app.platform.hasher = watching;
  return { seen, restore: () => (app.platform.hasher = real) };
}

const wrongLogin = (i: number, address: string) =>
  app
    .anon()
    .post(
      '/api/auth/login',
      { email: `inconnu-${i}@exemple.fr`, password: 'mauvais-mot-de-passe' },
      { 'x-forwarded-for': address },
    );

describe('bounded password hashing', () => {
  it('a flood from one address gets 429 at once beyond a few hashes, and others still sign in', async () => {
    const { seen, restore } = watchHashes();
    try {
      const flood = Array.from({ length: 40 }, (_, i) => wrongLogin(i, '203.0.113.7'));
      // someone else signs in during the flood
      const other = await app
        .anon()
        .post(
          '/api/auth/login',
          { email: 'client1@avenir.test', password: 'Avenir-2026!' },
          { 'x-forwarded-for': '192.0.2.50' },
        );
      expect(other.status).toBe(200);
      const answers = await Promise.all(flood);
      const refused = answers.filter((a) => a.status === 429);
      expect(refused.length).toBeGreaterThanOrEqual(40 - HASHES_PER_ADDRESS);
      expect(refused[0].body.error.code).toBe('rate_limited');
      expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThan(0);
      expect(answers.filter((a) => a.status === 401).length).toBeLessThanOrEqual(
        HASHES_PER_ADDRESS,
      );
      // the flood's requests took turns: one hash at a time for it, plus the other login's
      expect(seen.max).toBeLessThanOrEqual(2);
    } finally {
      restore();
    }
  }, 60_000);

  it('bounds the hashes in flight over all addresses', async () => {
    const { seen, restore } = watchHashes();
    try {
      const n = HASHES_IN_ALL + 4;
      const answers = await Promise.all(
        Array.from({ length: n }, (_, i) => wrongLogin(i, `198.51.100.${i + 1}`)),
      );
      expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(
        n - HASHES_IN_ALL,
      );
      expect(seen.max).toBeLessThanOrEqual(HASHES_IN_ALL);
    } finally {
      restore();
    }
  }, 60_000);

  it('never refuses one person signing in and up, one request after another', async () => {
    for (let i = 0; i < 6; i++) {
      const res = await app.anon().post('/api/auth/login', {
        email: 'client2@avenir.test',
        password: 'Avenir-2026!',
      });
      expect(res.status).toBe(200);
      const up = await app.anon().post('/api/auth/register', {
        ...NEWCOMER_PROFILE,
        email: `suite-${i}@exemple.fr`,
        password: 'motdepasse-solide',
        firstName: 'Suite',
        lastName: 'Logique',
      });
      expect(up.status).toBe(202);
    }
  }, 60_000);
});

describe('hash gate turns', () => {
  const settle = () => new Promise((r) => setImmediate(r));

  it('runs at most `runners` turns at once, in the order they became ready, fair between addresses', async () => {
    const gate = createHashGate(8, 32, () => 1);
    const started: string[] = [];
    const enter = (address: string, name: string) => {
      const slot = gate.enter(address)!;
      void slot.turn.then(() => started.push(name));
      return slot;
    };
    const a1 = enter('flood', 'a1');
    const a2 = enter('flood', 'a2'); // waits for a1 (its address)
    const b1 = enter('person', 'b1'); // ready at once, but the one runner is a1's
    await settle();
    expect(started).toEqual(['a1']);
    a1.release(); // a2 becomes ready now: behind b1, who was waiting already
    await settle();
    expect(started).toEqual(['a1', 'b1']);
    b1.release();
    await settle();
    expect(started).toEqual(['a1', 'b1', 'a2']);
    a2.release();
    // Two runners: two addresses hash side by side.
    const wide = createHashGate(8, 32, () => 2);
    const both: string[] = [];
    void wide.enter('x')!.turn.then(() => both.push('x'));
    void wide.enter('y')!.turn.then(() => both.push('y'));
    await settle();
    expect(both).toEqual(['x', 'y']);
  });

  it('a slot released before its turn came never takes a runner', async () => {
    const gate = createHashGate(8, 32, () => 1);
    const first = gate.enter('a')!;
    const gone = gate.enter('b')!; // waiting for the runner
    const next = gate.enter('c')!;
    let nextStarted = false;
    void next.turn.then(() => (nextStarted = true));
    await settle();
    gone.release(); // e.g. the request failed before its turn
    first.release();
    await settle();
    expect(nextStarted).toBe(true);
    next.release();
  });
});
