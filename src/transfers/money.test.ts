import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';
import { postTransfer, scaByEmail } from '../../test/sca';
import { NEWCOMER_PROFILE } from '../../test/newcomer';

let app: TestApp;
let c1: Agent, c2: Agent, c4: Agent, adv1: Agent, dir: Agent;
const key = () => `k-${Math.random().toString(36).slice(2)}`;
const accountsOf = async (a: Agent) => (await a.get('/api/accounts')).body.items as any[];
const checkingOf = async (a: Agent) => (await accountsOf(a)).find((x) => x.type === 'checking');
const spaced = (iban: string) => iban.toLowerCase().replace(/(.{4})/g, '$1 ');
// New payees are confirmed with the agent's passkey (test/contract/sca.contract.test.ts covers the rules).
const transfer = (a: Agent, body: Record<string, unknown>, k = key()) =>
  postTransfer(a, body, { 'idempotency-key': k });
const ledgerOk = async () => {
  const res = await dir.get('/api/admin/ledger/check');
  expect(res.status).toBe(200);
  expect(res.body.checks.filter((c: any) => !c.ok)).toEqual([]);
  expect(res.body.ok).toBe(true);
};

beforeAll(async () => {
  app = await startTestApp();
  // One after another: the hash gate admits only two logins per address at once.
  c1 = await app.login('client1@avenir.test');
  c2 = await app.login('client2@avenir.test');
  c4 = await app.login('client4@avenir.test');
  adv1 = await app.login('conseiller1@avenir.test');
  dir = await app.login('directeur@avenir.test');
}, 60_000);
afterAll(() => app?.stop());

describe('fixtures and accounts', () => {
  it('seeds balances, a Livret for client1 and ~3 months of history through the ledger', async () => {
    const items = await accountsOf(c1);
    expect(items.map((a) => a.type)).toEqual(['checking', 'savings']);
    const [checking, livret] = items;
    expect(checking).toMatchObject({ currency: 'EUR', overdraftLimitCents: 0, closedAt: null });
    expect(checking.iban).toMatch(/^FR\d{2}30077\d+$/);
    expect(checking.availableCents).toBe(checking.balanceCents);
    expect(livret.balanceCents).toBeGreaterThan(0);
    expect(livret.rateBasisPoints).toBe(300);
    const ops = (await c1.get(`/api/accounts/${checking.id}/operations?limit=100`)).body.items;
    expect(ops.length).toBeGreaterThan(15);
    const days = (Date.now() - Date.parse(ops[ops.length - 1].createdAt)) / 86_400_000;
    expect(days).toBeGreaterThan(80);
    expect(ops.map((o: any) => o.label)).toEqual(expect.arrayContaining(['Salaire', 'Loyer']));
    await ledgerOk();
  });

  it('opens, renames and closes accounts with the contract’s refusals', async () => {
    const me = await app.login('client3@avenir.test');
    const opened = await me.post('/api/accounts', { type: 'savings', label: 'Projet vacances' });
    expect(opened.status).toBe(201);
    expect(opened.body.account).toMatchObject({
      type: 'savings',
      balanceCents: 0,
      label: 'Projet vacances',
      rateBasisPoints: 300,
      closedAt: null,
    });
    const id = opened.body.account.id;
    expect((await me.patch(`/api/accounts/${id}`, { label: 'Voyage' })).body.account.label).toBe(
      'Voyage',
    );
    expect((await me.patch(`/api/accounts/${id}`, { label: '' })).status).toBe(400);
    expect((await me.post('/api/accounts', { type: 'gold', label: 'x' })).status).toBe(400);
    const checking = await checkingOf(me);
    expect((await me.del(`/api/accounts/${checking.id}`)).body.error.code).toBe(
      'account_not_empty',
    );
    expect((await me.del(`/api/accounts/${id}`)).status).toBe(204);
    const after = await accountsOf(me);
    expect(after[after.length - 1]).toMatchObject({ id });
    expect(after[after.length - 1].closedAt).not.toBeNull();
    // History of a closed account stays readable.
    expect((await me.get(`/api/accounts/${id}/operations`)).status).toBe(200);
    // Ten open accounts at most.
    for (let i = after.filter((a) => !a.closedAt).length; i < 10; i++)
      expect((await me.post('/api/accounts', { type: 'checking', label: `C${i}` })).status).toBe(
        201,
      );
    const over = await me.post('/api/accounts', { type: 'checking', label: 'Onze' });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('account_limit');
    expect((await adv1.post('/api/accounts', { type: 'checking', label: 'x' })).status).toBe(403);
  });

  it('refuses to close the last open checking account', async () => {
    const res = await app.anon().post('/api/auth/register', {
      ...NEWCOMER_PROFILE,
      email: 'solo@avenir.test',
      password: 'Un-mot-de-passe-1',
      firstName: 'Solo',
      lastName: 'Test',
    });
    expect(res.status).toBe(202);
    const mails = (await app.anon().get('/dev/mailbox.json')).body.items;
    const token = /token=([\w-]+)/.exec(mails.find((m: any) => m.to.includes('solo')).text)![1];
    const solo = app.anon();
    expect((await solo.post('/api/auth/verify-email', { token })).status).toBe(200);
    const [only] = await accountsOf(solo);
    expect(only).toMatchObject({ balanceCents: 0, type: 'checking' });
    const closed = await solo.del(`/api/accounts/${only.id}`);
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('last_checking_account');
  });
});

describe('transfers', () => {
  it('moves money between two clients atomically, live, with a notification and safe retries', async () => {
    const from = await checkingOf(c1);
    const to = await checkingOf(c2);
    const s1 = await c1.sse();
    const s2 = await c2.sse();
    const body = {
      fromAccountId: from.id,
      toIban: spaced(to.iban),
      amountCents: 5_000,
      label: 'Dîner',
      beneficiaryName: 'Louis Michel',
    };
    const k = key();
    const res = await transfer(c1, body, k);
    expect(res.status).toBe(201);
    expect(res.body.transfer).toMatchObject({
      fromAccountId: from.id,
      toIban: to.iban,
      amountCents: 5_000,
      label: 'Dîner',
      beneficiaryName: 'Louis Michel',
      internal: true,
    });
    expect((await checkingOf(c1)).balanceCents).toBe(from.balanceCents - 5_000);
    expect((await checkingOf(c2)).balanceCents).toBe(to.balanceCents + 5_000);

    const mine = await s1.next((e) => e.event === 'account.updated');
    expect(mine.data.operation).toMatchObject({ amountCents: -5_000, kind: 'transfer' });
    const theirs = await s2.next((e) => e.event === 'account.updated');
    expect(theirs.data.account.balanceCents).toBe(to.balanceCents + 5_000);
    expect(theirs.data.operation.counterparty).toEqual({ name: 'Camille Durand', iban: from.iban });
    const n = await s2.next((e) => e.event === 'notification');
    expect(n.data).toMatchObject({
      kind: 'transfer',
      sender: null,
      title: 'Virement reçu : 50,00 € de Camille Durand',
    });
    const listed = (await c2.get('/api/notifications')).body.items[0];
    expect(listed).toMatchObject({ kind: 'transfer', sender: null });

    // Same key, same JSON value (keys reordered) → the first answer, nothing new.
    const again = await transfer(c1, { ...body, label: 'Dîner' }, k);
    expect(again.status).toBe(201);
    expect(again.body.transfer.id).toBe(res.body.transfer.id);
    expect((await checkingOf(c1)).balanceCents).toBe(from.balanceCents - 5_000);
    const conflict = await transfer(c1, { ...body, amountCents: 5_001 }, k);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('idempotency_conflict');
    // Keys are per user.
    const c2from = await checkingOf(c2);
    const other = await transfer(
      c2,
      { ...body, fromAccountId: c2from.id, toIban: from.iban, beneficiaryName: 'Camille Durand' },
      k,
    );
    expect(other.status).toBe(201);
    await s1.close();
    await s2.close();
    await ledgerOk();
  });

  it('refuses bad input and uncovered, closed or restricted transfers, changing nothing', async () => {
    const from = await checkingOf(c1);
    const to = await checkingOf(c4);
    const base = {
      fromAccountId: from.id,
      toIban: to.iban,
      amountCents: 100,
      label: '',
      beneficiaryName: 'Hugo Laurent',
    };
    const noKey = await c1.post('/api/transfers', base);
    expect(noKey.status).toBe(400);
    expect((await transfer(c1, base, 'x'.repeat(65))).status).toBe(400);
    const badIban = await transfer(c1, { ...base, toIban: 'FR7630077000010000000000001' });
    expect(badIban.status).toBe(400);
    expect(badIban.body.error.fields.toIban).toBeTruthy();
    // A valid AVENIR IBAN that names no account.
    const { frenchIban } = await import('../accounts/iban');
    const ghost = await transfer(c1, { ...base, toIban: frenchIban(99_999) });
    expect(ghost.status).toBe(400);
    expect(ghost.body.error.fields.toIban).toBeTruthy();
    expect((await transfer(c1, { ...base, toIban: from.iban })).status).toBe(400);
    for (const amountCents of [0, -5, 1.5, 10_000_001, '100'])
      expect((await transfer(c1, { ...base, amountCents })).status).toBe(400);
    expect((await transfer(c1, { ...base, beneficiaryName: '' })).status).toBe(400);
    expect((await transfer(c1, { ...base, label: 'x'.repeat(141) })).status).toBe(400);

    const poor = await transfer(c1, { ...base, amountCents: from.availableCents + 1 });
    expect(poor.status).toBe(409);
    expect(poor.body.error.code).toBe('insufficient_funds');
    // Someone else's account as the source → 404.
    expect((await transfer(c4, base)).status).toBe(404);

    // A closed target.
    const spare = (await c4.post('/api/accounts', { type: 'checking', label: 'Fermé' })).body
      .account;
    expect((await c4.del(`/api/accounts/${spare.id}`)).status).toBe(204);
    const closed = await transfer(c1, { ...base, toIban: spare.iban });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('account_closed');

    // A Livret sends only to its owner's own accounts.
    const livret = (await accountsOf(c1)).find((a) => a.type === 'savings');
    const restricted = await transfer(c1, { ...base, fromAccountId: livret.id });
    expect(restricted.status).toBe(409);
    expect(restricted.body.error.code).toBe('savings_restricted');
    const external = await transfer(c1, {
      ...base,
      fromAccountId: livret.id,
      toIban: 'FR1420041010050500013M02606',
    });
    expect(external.body.error.code).toBe('savings_restricted');
    expect(
      (await transfer(c1, { ...base, fromAccountId: livret.id, toIban: from.iban })).status,
    ).toBe(201);

    expect((await checkingOf(c4)).balanceCents).toBe(to.balanceCents);
    expect((await checkingOf(c1)).balanceCents).toBe(from.balanceCents + 100);
    await ledgerOk();
  });

  it('sends a simulated SEPA transfer to another bank', async () => {
    const from = await checkingOf(c4);
    const res = await transfer(c4, {
      fromAccountId: from.id,
      toIban: 'FR14 2004 1010 0505 0001 3M02 606',
      amountCents: 12_345,
      label: 'Facture plombier',
      beneficiaryName: 'Plomberie Martin',
    });
    expect(res.status).toBe(201);
    expect(res.body.transfer).toMatchObject({
      internal: false,
      toIban: 'FR1420041010050500013M02606',
    });
    const ops = (await c4.get(`/api/accounts/${from.id}/operations?limit=1`)).body.items;
    expect(ops[0]).toMatchObject({
      amountCents: -12_345,
      balanceAfterCents: from.balanceCents - 12_345,
      counterparty: { name: 'Plomberie Martin', iban: 'FR1420041010050500013M02606' },
    });
    await ledgerOk();
  });
});

describe('history, CSV and statements', () => {
  it('pages newest first, filters by Paris day and searches without accents or case', async () => {
    const a = await checkingOf(c1);
    const url = `/api/accounts/${a.id}/operations`;
    const first = (await c1.get(`${url}?limit=5`)).body;
    expect(first.items).toHaveLength(5);
    expect(first.hasMore).toBe(true);
    const ids = first.items.map((o: any) => o.id);
    expect([...ids].sort((x, y) => y - x)).toEqual(ids);
    const next = (await c1.get(`${url}?limit=5&before=${ids[4]}`)).body.items;
    expect(next[0].id).toBeLessThan(ids[4]);
    // balanceAfter chains: each is the previous one plus its amount.
    const all = (await c1.get(`${url}?limit=100`)).body.items.reverse();
    for (let i = 1; i < all.length; i++)
      expect(all[i].balanceAfterCents).toBe(all[i - 1].balanceAfterCents + all[i].amountCents);
    const found = (await c1.get(`${url}?q=${encodeURIComponent('ELECTRICITE')}`)).body.items;
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((o: any) => o.label === 'Électricité')).toBe(true);
    const byName = (await c1.get(`${url}?q=edf`)).body.items;
    expect(byName.length).toBe(found.length);
    expect((await c1.get(`${url}?q=%25`)).body.items).toEqual([]);
    const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(
      new Date(all[3].createdAt),
    );
    const onDay = (await c1.get(`${url}?from=${day}&to=${day}`)).body.items;
    expect(onDay.map((o: any) => o.id)).toContain(all[3].id);
    for (const o of onDay)
      expect(
        new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(
          new Date(o.createdAt),
        ),
      ).toBe(day);
    expect((await c1.get(`${url}?from=2026-02-30`)).status).toBe(400);
    expect((await c1.get(`${url}?limit=101`)).status).toBe(400);
  });

  it('exports CSV exactly as specified', async () => {
    const a = await checkingOf(c2);
    const res = await c2.get(`/api/accounts/${a.id}/operations.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
    const buf = Buffer.from(
      await (
        await fetch(app.origin + `/api/accounts/${a.id}/operations.csv`, {
          headers: { cookie: c2.cookie },
        })
      ).arrayBuffer(),
    );
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('Date;Libellé;Montant;Solde;Contrepartie;IBAN contrepartie');
    const rows = lines.slice(1).map((l) => l.split(';'));
    for (const r of rows) {
      expect(r[0]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(r[2]).toMatch(/^-?\d+,\d{2}$/);
      expect(r[3]).toMatch(/^-?\d+,\d{2}$/);
    }
    const rent = rows.find((r) => r[1] === 'Loyer')!;
    expect(rent[2].startsWith('-')).toBe(true);
    // Oldest first, like the history reversed.
    const ops = (await c2.get(`/api/accounts/${a.id}/operations?limit=100`)).body.items;
    expect(rows).toHaveLength(ops.length);
    const cents = (s: string) => Math.round(Number(s.replace(',', '.')) * 100);
    expect(cents(rows[rows.length - 1][3])).toBe(ops[0].balanceAfterCents);
  });

  it('gives monthly statements whose opening balance is the previous closing one', async () => {
    const a = await checkingOf(c1);
    const months = [0, 1, 2, 3].map((back) => {
      const d = new Date();
      d.setUTCDate(15);
      d.setUTCMonth(d.getUTCMonth() - back);
      return d.toISOString().slice(0, 7);
    });
    const statements = [];
    for (const m of months.reverse())
      statements.push((await c1.get(`/api/accounts/${a.id}/statements/${m}`)).body);
    for (let i = 1; i < statements.length; i++)
      expect(statements[i].openingBalanceCents).toBe(statements[i - 1].closingBalanceCents);
    for (const s of statements) {
      const sum = s.operations.reduce((t: number, o: any) => t + o.amountCents, 0);
      expect(s.closingBalanceCents).toBe(s.openingBalanceCents + sum);
    }
    expect(statements[statements.length - 1].closingBalanceCents).toBe(
      (await checkingOf(c1)).balanceCents,
    );
    expect((await c1.get(`/api/accounts/${a.id}/statements/2026-13`)).status).toBe(400);
  });
});

describe('payees, beneficiaries, dev deposit', () => {
  it('verifies payees: match, close match with the holder’s name, no match, not verifiable', async () => {
    const to = await checkingOf(c2); // Louis Garcia
    const vop = (name: string, iban = to.iban) => c1.post('/api/payees/verify', { iban, name });
    expect((await vop('louis GARCIA')).body).toEqual({ result: 'match' });
    expect((await vop('Garcia Louis')).body).toEqual({ result: 'match' });
    expect((await vop('Louis Garcai')).body).toEqual({
      result: 'close_match',
      name: 'Louis Garcia',
    });
    expect((await vop('L. García')).body).toEqual({ result: 'close_match', name: 'Louis Garcia' });
    expect((await vop('Marie Dubois')).body).toEqual({ result: 'no_match' });
    expect((await vop('Louis Garcia', 'FR1420041010050500013M02606')).body).toEqual({
      result: 'not_verifiable',
    });
    const me = await app.login('client5@avenir.test');
    let last = 0;
    for (let i = 0; i < 31; i++)
      last = (await me.post('/api/payees/verify', { iban: to.iban, name: 'x' })).status;
    expect(last).toBe(429);
  });

  it('saves beneficiaries only with strong authentication (the old password is refused)', async () => {
    const to = await checkingOf(c4);
    const old = await c1.post('/api/beneficiaries', {
      name: 'Hugo Laurent',
      iban: to.iban,
      password: 'Avenir-2026!',
    });
    expect(old.status).toBe(403);
    expect(old.body.error.code).toBe('sca_required');
    const sca = await scaByEmail(c1, 'beneficiary.add', { name: 'Hugo Laurent', iban: to.iban });
    const ok = await c1.post('/api/beneficiaries', {
      name: 'Hugo Laurent',
      iban: spaced(to.iban),
      sca,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.beneficiary).toMatchObject({ iban: to.iban, verification: 'match' });
    const list = (await c1.get('/api/beneficiaries')).body.items;
    expect(list.map((b: any) => b.id)).toContain(ok.body.beneficiary.id);
    expect((await c4.del(`/api/beneficiaries/${ok.body.beneficiary.id}`)).status).toBe(404);
    expect((await c1.del(`/api/beneficiaries/${ok.body.beneficiary.id}`)).status).toBe(204);
  });

  it('credits a demo deposit from outside the bank', async () => {
    const a = await checkingOf(c4);
    const res = await c4.post('/dev/deposit', { accountId: a.id, amountCents: 10_000 });
    expect(res.status).toBe(201);
    expect(res.body.account.balanceCents).toBe(a.balanceCents + 10_000);
    expect((await c1.post('/dev/deposit', { accountId: a.id, amountCents: 1 })).status).toBe(404);
    expect((await c4.post('/dev/deposit', { accountId: a.id, amountCents: 0 })).status).toBe(400);
    await ledgerOk();
  });
});

describe('authorization', () => {
  it('answers 404 for someone else’s account on every route', async () => {
    const theirs = await checkingOf(c2);
    const base = `/api/accounts/${theirs.id}`;
    for (const res of [
      await c1.patch(base, { label: 'x' }),
      await c1.del(base),
      await c1.get(`${base}/operations`),
      await c1.get(`${base}/operations.csv`),
      await c1.get(`${base}/statements/2026-01`),
      await c1.post('/dev/deposit', { accountId: theirs.id, amountCents: 1 }),
      await transfer(c1, {
        fromAccountId: theirs.id,
        toIban: (await checkingOf(c1)).iban,
        amountCents: 1,
        beneficiaryName: 'x',
      }),
    ])
      expect(res.status).toBe(404);
  });

  it('lets an advisor read only their clients’ money, the director everyone’s and the ledger check', async () => {
    const c1id = c1.user.id;
    const c4id = c4.user.id;
    const own = await adv1.get(`/api/clients/${c1id}/accounts`);
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBe(2);
    const acc = own.body.items[0].id;
    const ops = await adv1.get(`/api/clients/${c1id}/accounts/${acc}/operations?limit=3`);
    expect(ops.status).toBe(200);
    expect(ops.body.items).toHaveLength(3);
    expect((await adv1.get(`/api/clients/${c4id}/accounts`)).status).toBe(404);
    const c4acc = (await checkingOf(c4)).id;
    expect((await adv1.get(`/api/clients/${c1id}/accounts/${c4acc}/operations`)).status).toBe(404);
    expect((await c1.get(`/api/clients/${c1id}/accounts`)).status).toBe(404);
    expect((await c2.get(`/api/clients/${c1id}/accounts/${acc}/operations`)).status).toBe(404);
    expect((await dir.get(`/api/clients/${c4id}/accounts`)).status).toBe(200);
    expect((await adv1.get('/api/admin/ledger/check')).status).toBe(403);
    expect((await c1.get('/api/admin/ledger/check')).status).toBe(403);
    expect((await app.anon().get('/api/admin/ledger/check')).status).toBe(401);
    expect((await adv1.post('/api/transfers', {}, { 'idempotency-key': 'a' })).status).toBe(403);
  });
});
