// An account's history: paging, filters and search, the CSV export and monthly statements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';
import { checkingOf } from './test-kit';

let app: TestApp;
let c1: Agent, c2: Agent;

beforeAll(async () => {
  app = await startTestApp();
  // One after another: the hash gate admits only two logins per address at once.
  c1 = await app.login('client1@avenir.test');
  c2 = await app.login('client2@avenir.test');
}, 60_000);
afterAll(() => app?.stop());

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
