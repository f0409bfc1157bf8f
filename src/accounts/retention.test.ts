import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';
import { deposit } from '../market/test-kit';
import { pruneIdempotencyKeys } from '../ledger';
import { CSV_PAGE } from './csv';
import { trustPayee } from '../../test/sca';

let app: TestApp;
let c1: Agent;

beforeAll(async () => {
  app = await startTestApp();
  c1 = await app.login('client1@avenir.test');
}, 60_000);
afterAll(() => app?.stop());

const DAY = 86_400_000;

describe('bounded growth', { timeout: 60_000 }, () => {
  it('streams operations.csv, by default over the last 12 months only', async () => {
    const livret = (await c1.post('/api/accounts', { type: 'savings', label: 'Export' })).body
      .account;
    const now = app.platform.clock.now().getTime();
    deposit(app, livret.id, 111, new Date(now - 400 * DAY)); // older than a year
    for (let i = 0; i < CSV_PAGE * 2 + 7; i++) deposit(app, livret.id, 1);
    const res = await fetch(app.origin + `/api/accounts/${livret.id}/operations.csv`, {
      headers: { cookie: c1.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBeNull(); // sent in chunks, not one string
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM
    const lines = new TextDecoder().decode(bytes).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('Date;Libellé;Montant;Solde;Contrepartie;IBAN contrepartie');
    const rows = lines.slice(1).map((l) => l.split(';'));
    expect(rows).toHaveLength(CSV_PAGE * 2 + 7);
    expect(rows.every((r) => r[2] === '0,01')).toBe(true);
    expect(rows.map((r) => r[3]).slice(0, 2)).toEqual(['1,12', '1,13']); // oldest first, after 1,11
    expect(rows.at(-1)![3]).toBe(`${(111 + CSV_PAGE * 2 + 7) / 100}`.replace('.', ','));
    // Asked for, the older day is there.
    const from = new Date(now - 401 * DAY).toISOString().slice(0, 10);
    const all = await c1.get(`/api/accounts/${livret.id}/operations.csv?from=${from}`);
    expect(all.text.split('\r\n').filter(Boolean)).toHaveLength(CSV_PAGE * 2 + 9);
  });

  it('forgets idempotency keys and their answers after 30 days: the same key is then a new request', async () => {
    const accounts = (await c1.get('/api/accounts')).body.items;
    const from = accounts.find((a: any) => a.type === 'checking');
    const body = {
      fromAccountId: from.id,
      toIban: 'FR1420041010050500013M02606',
      amountCents: 1,
      beneficiaryName: 'Quelqu’un',
    };
    await trustPayee(c1, body.toIban); // a saved beneficiary: no strong authentication per transfer
    const send = () => c1.post('/api/transfers', body, { 'idempotency-key': 'old-key' });
    const first = await send();
    expect(first.status).toBe(201);
    expect((await send()).body.transfer.id).toBe(first.body.transfer.id);
    app.platform.clock.advance!(29 * DAY);
    expect(pruneIdempotencyKeys(app.platform.db, app.platform.clock.now())).toBe(0);
    expect((await send()).body.transfer.id).toBe(first.body.transfer.id);
    app.platform.clock.advance!(2 * DAY);
    expect(pruneIdempotencyKeys(app.platform.db, app.platform.clock.now())).toBeGreaterThan(0);
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.body.transfer.id).not.toBe(first.body.transfer.id);
  });
});
