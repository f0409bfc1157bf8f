// API.md « Strong customer authentication (SCA) » from the outside, on whichever host AVENIR_HOST
// names: challenges bound to the action and its details, one use, expiry, attempt limits,
// sca_required on every guarded route, passkeys (a software authenticator), devices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startContractHost, type ContractHost } from './host';
import type { Agent } from '../harness';
import { createChallenge, emailedCode, enrollPasskey, saveBeneficiary, scaByEmail } from '../sca';

let app: ContractHost;
beforeAll(async () => {
  app = await startContractHost({ SEED_CLIENTS: '15' });
}, 180_000);
afterAll(() => app?.stop());

const X = 'FR7630006000011234567890189'; // another bank: a new payee
const Y = 'DE89370400440532013000';
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

describe('guarded routes', () => {
  it('a beneficiary needs sca; the old password alone is refused; a proof serves once', async () => {
    const a = await app.login('client1@avenir.test');
    const bene = { name: 'Marie Dubois', iban: X };
    expect(code(await a.post('/api/beneficiaries', { ...bene, password: 'Avenir-2026!' }))).toEqual(
      [403, 'sca_required'],
    );
    expect(code(await a.post('/api/beneficiaries', bene))).toEqual([403, 'sca_required']);
    const sca = await scaByEmail(a, 'beneficiary.add', bene);
    const other = await a.post('/api/beneficiaries', { name: 'Marie Dubois', iban: Y, sca });
    expect(code(other)).toEqual([403, 'sca_failed']); // made for IBAN X
    const saved = await a.post('/api/beneficiaries', { ...bene, iban: X.toLowerCase(), sca });
    expect(saved.status).toBe(201);
    expect(code(await a.post('/api/beneficiaries', { ...bene, sca }))).toEqual([
      403,
      'sca_required',
    ]);
    expect((await a.get('/api/beneficiaries')).body.items).toHaveLength(1);
  });

  it('a transfer to a new IBAN: bound to amount, IBAN and account; nothing stored under the key on refusal', async () => {
    const a = await app.login('client2@avenir.test');
    const from = await checking(a);
    const k = key();
    const body = transfer(from.id, X, 5000);
    const refused = await a.post('/api/transfers', body, k);
    expect(code(refused)).toEqual([403, 'sca_required']);
    expect(refused.body.error.message).toMatch(/virement/);
    const challenge = await createChallenge(a, 'transfer', {
      fromAccountId: from.id,
      toIban: X,
      amountCents: 5000,
    });
    expect(challenge.summary).toBe('Virement de 50,00 € vers FR76 3000 6000 0112 3456 7890 189');
    expect(challenge.methods).toEqual(['email_code']);
    const sca = { challengeId: challenge.id, code: await emailedCode(a, challenge.id) };
    expect(
      code(await a.post('/api/transfers', { ...transfer(from.id, X, 5100), sca }, key())),
    ).toEqual([403, 'sca_failed']);
    expect(
      code(await a.post('/api/transfers', { ...transfer(from.id, Y, 5000), sca }, key())),
    ).toEqual([403, 'sca_failed']);
    // The same key and body, now with the proof: goes through once; sca is not compared.
    const sent = await a.post('/api/transfers', { ...body, sca }, k);
    expect(sent.status).toBe(201);
    const again = await a.post('/api/transfers', { ...body, sca }, k);
    expect([again.status, again.body.transfer.id]).toEqual([201, sent.body.transfer.id]);
    const plain = await a.post('/api/transfers', body, k);
    expect([plain.status, plain.body.transfer.id]).toEqual([201, sent.body.transfer.id]);
    // Spent: another transfer with it is refused.
    expect(code(await a.post('/api/transfers', { ...body, sca }, key()))).toEqual([
      403,
      'sca_required',
    ]);
    expect((await checking(a)).balanceCents).toBe(from.balanceCents - 5000);
  });

  it('own accounts and saved beneficiaries need no sca', async () => {
    const [a, b] = await Promise.all([
      app.login('client3@avenir.test'),
      app.login('client4@avenir.test'),
    ]);
    const [from, to] = await Promise.all([checking(a), checking(b)]);
    const internal = transfer(from.id, to.iban, 100);
    expect(code(await a.post('/api/transfers', internal, key()))).toEqual([403, 'sca_required']);
    const { authn } = await enrollPasskey(a);
    await saveBeneficiary(a, authn, 'Client Quatre', to.iban.toLowerCase());
    expect((await a.post('/api/transfers', internal, key())).status).toBe(201);
  });
});

describe('challenges', () => {
  it('five wrong codes kill a challenge; remaining attempts are told', async () => {
    const a = await app.login('client5@avenir.test');
    const bene = { name: 'Paul Martin', iban: X };
    const { challengeId, code: good } = await scaByEmail(a, 'beneficiary.add', bene);
    const wrong = good === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 0; left--) {
      const res = await a.post('/api/beneficiaries', {
        ...bene,
        sca: { challengeId, code: wrong },
      });
      expect(code(res)).toEqual([403, 'sca_failed']);
      expect(res.body.error.remainingAttempts).toBe(left);
    }
    const late = await a.post('/api/beneficiaries', { ...bene, sca: { challengeId, code: good } });
    expect(code(late)).toEqual([403, 'sca_required']);
    expect(code(await a.post(`/api/sca/challenges/${challengeId}/email`))).toEqual([
      403,
      'sca_required',
    ]);
  });

  it('a challenge expires after 5 minutes (dev clock)', async () => {
    const a = await app.login('client6@avenir.test');
    const bene = { name: 'Paul Martin', iban: Y };
    const sca = await scaByEmail(a, 'beneficiary.add', bene);
    expect((await a.post('/dev/clock', { advanceDays: 1 })).status).toBe(200);
    expect(code(await a.post('/api/beneficiaries', { ...bene, sca }))).toEqual([
      403,
      'sca_required',
    ]);
  });

  it('validates actions and details, and another user cannot use a challenge', async () => {
    const [a, b] = await Promise.all([
      app.login('client7@avenir.test'),
      app.login('client8@avenir.test'),
    ]);
    expect(code(await a.post('/api/sca/challenges', { action: 'nope', details: {} }))).toEqual([
      400,
      'validation_failed',
    ]);
    const bad = await a.post('/api/sca/challenges', {
      action: 'transfer',
      details: { fromAccountId: 1, toIban: 'FR00', amountCents: 0 },
    });
    expect(code(bad)).toEqual([400, 'validation_failed']);
    expect(Object.keys(bad.body.error.fields)).toEqual(
      expect.arrayContaining(['details.toIban', 'details.amountCents']),
    );
    expect((await app.anon().post('/api/sca/challenges', { action: 'passkey.add' })).status).toBe(
      401,
    );
    const bene = { name: 'Léa', iban: X };
    const sca = await scaByEmail(a, 'beneficiary.add', bene);
    expect(code(await b.post('/api/beneficiaries', { ...bene, sca }))).toEqual([
      403,
      'sca_required',
    ]);
    expect(code(await b.post(`/api/sca/challenges/${sca.challengeId}/email`))).toEqual([
      404,
      'not_found',
    ]);
  });

  it('limits: 60 challenges per 10 minutes, 5 code e-mails per hour, 10 failures per hour', async () => {
    const a = await app.login('client9@avenir.test');
    const made = [];
    for (let i = 0; i < 60; i++) made.push(await createChallenge(a, 'password.change'));
    const over = await a.post('/api/sca/challenges', { action: 'password.change', details: {} });
    expect(code(over)).toEqual([429, 'rate_limited']);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++)
      expect((await a.post(`/api/sca/challenges/${made[i].id}/email`)).status).toBe(202);
    expect(code(await a.post(`/api/sca/challenges/${made[5].id}/email`))).toEqual([
      429,
      'rate_limited',
    ]);

    const b = await app.login('client10@avenir.test');
    const bene = { name: 'Paul', iban: X };
    const fails = [];
    for (let i = 0; i < 3; i++) fails.push(await scaByEmail(b, 'beneficiary.add', bene));
    const wrong = (s: { code: string }) => (s.code === '000000' ? '111111' : '000000');
    let n = 0;
    for (const s of fails)
      for (let i = 0; i < 4 && n < 10; i++, n++)
        expect(
          code(await b.post('/api/beneficiaries', { ...bene, sca: { ...s, code: wrong(s) } })),
        ).toEqual([403, 'sca_failed']);
    const locked = await b.post('/api/beneficiaries', { ...bene, sca: fails[2] });
    expect(code(locked)).toEqual([429, 'rate_limited']);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
