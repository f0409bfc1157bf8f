// API.md « Strong customer authentication (SCA) » from the outside, on whichever host AVENIR_HOST
// names: passkeys (a software authenticator), password change and devices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startContractHost, type ContractHost } from './host';
import type { Agent } from '../harness';
import { SoftAuthenticator } from '../passkey-authenticator';
import { createChallenge, enrollPasskey, scaByEmail, scaByPasskey } from '../sca';

let app: ContractHost;
beforeAll(async () => {
  app = await startContractHost({ SEED_CLIENTS: '15' });
}, 180_000);
afterAll(() => app?.stop());

const X = 'FR7630006000011234567890189'; // another bank: a new payee
let keyN = 0;
const key = () => ({ 'idempotency-key': `sca-${Date.now()}-${keyN++}` });
const checking = async (a: Agent) =>
  (await a.get('/api/accounts')).body.items.find((x: any) => x.type === 'checking');
const transfer = (from: number, toIban: string, amountCents: number) => ({
  fromAccountId: from,
  toIban,
  amountCents,
  label: 'Loyer',
  beneficiaryName: 'Marie Dubois',
});
const code = (res: { status: number; body: any }) => [res.status, res.body?.error?.code];

describe('passkeys', () => {
  it('register (first by e-mailed code), sign in with it alone, list, remove with sca', async () => {
    const a = await app.login('client11@avenir.test');
    expect((await a.get('/api/me')).body.user.passkeys).toBe(0);
    const options = (await a.post('/api/auth/passkeys/options')).body.publicKey;
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      userVerification: 'required',
    });
    const authn = new SoftAuthenticator();
    const response = authn.register(options, a.base);
    expect(code(await a.post('/api/auth/passkeys', { name: 'Téléphone', response }))).toEqual([
      403,
      'sca_required',
    ]);
    const sca = await scaByEmail(a, 'passkey.add');
    const made = await a.post('/api/auth/passkeys', { name: 'Téléphone', response, sca });
    expect(made.status).toBe(201);
    expect(made.body.passkey).toMatchObject({ name: 'Téléphone', lastUsedAt: null });
    expect((await a.get('/api/me')).body.user.passkeys).toBe(1); // the home's offer goes

    // Sign in with the passkey alone, on a fresh agent; the passkey is then in use.
    const fresh = app.anon();
    const login = (await fresh.post('/api/auth/passkey/options')).body.publicKey;
    expect(login.userVerification).toBe('required');
    const signed = await fresh.post('/api/auth/passkey/login', {
      response: authn.assert(login, fresh.base),
    });
    expect(signed.status).toBe(200);
    expect(signed.body.user.email).toBe('client11@avenir.test');
    expect((await fresh.get('/api/me')).status).toBe(200);
    const methods = (await fresh.get('/api/auth/sessions')).body.items.map((s: any) => s.method);
    expect(methods.sort()).toEqual(['passkey', 'password']);
    const [listed] = (await a.get('/api/auth/passkeys')).body.items;
    expect(listed.lastUsedAt).not.toBeNull();

    // A challenge now offers the passkey, bound to what it authorises.
    const ch = await createChallenge(a, 'transfer', {
      fromAccountId: (await checking(a)).id,
      toIban: X,
      amountCents: 5000,
    });
    expect(ch.methods).toEqual(['passkey', 'email_code']);
    const from = (await checking(a)).id;
    const proof = { challengeId: ch.id, passkey: authn.assert(ch.publicKey, a.base) };
    expect(
      code(await a.post('/api/transfers', { ...transfer(from, X, 5100), sca: proof }, key())),
    ).toEqual([403, 'sca_failed']);
    // An assertion signed over another challenge is refused.
    const forged = {
      challengeId: ch.id,
      passkey: authn.assert(ch.publicKey, a.base, { challenge: login.challenge }),
    };
    expect(
      code(await a.post('/api/transfers', { ...transfer(from, X, 5000), sca: forged }, key())),
    ).toEqual([403, 'sca_failed']);
    expect(
      (await a.post('/api/transfers', { ...transfer(from, X, 5000), sca: proof }, key())).status,
    ).toBe(201);

    // Removal needs sca for that passkey.
    expect(code(await a.del(`/api/auth/passkeys/${listed.id}`, {}))).toEqual([403, 'sca_required']);
    const rm = await scaByPasskey(a, authn, 'passkey.remove', { passkeyId: listed.id });
    expect((await a.del(`/api/auth/passkeys/${listed.id}`, { sca: rm })).status).toBe(204);
    expect((await a.get('/api/auth/passkeys')).body.items).toEqual([]);
    expect((await a.get('/api/me')).body.user.passkeys).toBe(0);
  });

  it('refuses an unknown credential and a counter going back', async () => {
    const a = await app.login('client12@avenir.test');
    const { authn } = await enrollPasskey(a);
    const login = async (opts: { counter?: number } = {}, who = authn) => {
      const fresh = app.anon();
      const options = (await fresh.post('/api/auth/passkey/options')).body.publicKey;
      return fresh.post('/api/auth/passkey/login', {
        response: who.assert(options, fresh.base, opts),
      });
    };
    expect((await login({ counter: 5 })).status).toBe(200);
    expect(code(await login({ counter: 3 }))).toEqual([401, 'invalid_credentials']);
    const stranger = new SoftAuthenticator();
    stranger.register(
      { challenge: 'x', user: { id: 'eA' }, rp: { id: new URL(app.origin).hostname } },
      app.origin,
    );
    expect(code(await login({}, stranger))).toEqual([401, 'invalid_credentials']);
    expect((await login({ counter: 6 })).status).toBe(200);
  });
  it('a passkey sign-in is not locked out by the per-email password lockout', async () => {
    const email = 'client15@avenir.test';
    const { authn } = await enrollPasskey(await app.login(email));
    const anon = app.anon();
    for (let i = 0; i < 10; i++)
      await anon.post('/api/auth/login', { email, password: 'pas-le-bon-mot-de-passe' });
    const locked = await anon.post('/api/auth/login', { email, password: 'Avenir-2026!' });
    expect(code(locked)).toEqual([429, 'rate_limited']);
    const fresh = app.anon();
    const options = (await fresh.post('/api/auth/passkey/options')).body.publicKey;
    const signed = await fresh.post('/api/auth/passkey/login', {
      response: authn.assert(options, fresh.base),
    });
    expect(signed.status).toBe(200);
    expect(signed.body.user.email).toBe(email);
  });
});

describe('password change and devices', () => {
  it('needs the current password (5 wrong → 429) and sca; other sessions end', async () => {
    const a = await app.login('client13@avenir.test');
    const other = await app.login('client13@avenir.test');
    const change = (currentPassword: string, sca?: unknown) =>
      a.post('/api/auth/password', { currentPassword, newPassword: 'Nouveau-2026!!', sca });
    expect(code(await change('Avenir-2026!'))).toEqual([403, 'sca_required']);
    const sca = await scaByEmail(a, 'password.change');
    expect((await change('Avenir-2026!', sca)).status).toBe(204);
    expect((await other.get('/api/me')).status).toBe(401);
    expect((await a.get('/api/me')).status).toBe(200);
    for (let i = 0; i < 5; i++)
      expect(code(await change('faux-mot-de-passe'))).toEqual([403, 'invalid_credentials']);
    const locked = await change('Nouveau-2026!!');
    expect(code(locked)).toEqual([429, 'rate_limited']);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(
      (
        await app
          .anon()
          .post('/api/auth/login', { email: 'client13@avenir.test', password: 'Nouveau-2026!!' })
      ).status,
    ).toBe(200);
  });

  it('lists sessions with device and masked address, ends another one, tells of a new device', async () => {
    const phone = {
      'user-agent':
        'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36',
    };
    const a = await app.login('client14@avenir.test');
    const b = app.anon();
    expect(
      (
        await b.post(
          '/api/auth/login',
          { email: 'client14@avenir.test', password: 'Avenir-2026!' },
          phone,
        )
      ).status,
    ).toBe(200);
    const items = (await a.get('/api/auth/sessions')).body.items;
    expect(items).toHaveLength(2);
    const mine = items.find((s: any) => s.current);
    const theirs = items.find((s: any) => !s.current);
    expect(theirs).toMatchObject({ device: 'Chrome sur Android', method: 'password' });
    expect(theirs.ipMasked).toMatch(/x|::/);
    expect(JSON.stringify(items)).not.toContain(b.cookie.split('=')[1]);
    expect(mine.id).not.toBe(theirs.id);
    const notes = (await a.get('/api/notifications')).body.items;
    expect(notes[0]).toMatchObject({ kind: 'security', title: 'Nouvelle connexion' });
    const mails = (await a.get('/dev/mailbox.json')).body.items;
    expect(
      mails.some(
        (m: any) => m.to === 'client14@avenir.test' && /Nouvelle connexion/.test(m.subject),
      ),
    ).toBe(true);
    const stream = await b.sse();
    expect((await a.del(`/api/auth/sessions/${theirs.id}`)).status).toBe(204);
    await stream.ended;
    expect((await b.get('/api/me')).status).toBe(401);
    expect((await a.get('/api/me')).status).toBe(200);
    expect((await a.del(`/api/auth/sessions/${theirs.id}`)).status).toBe(404);
  });
});
