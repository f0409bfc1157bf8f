import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { openDatabase } from '../hosts/node/db';
import { users } from '../db/schema';
import {
  checkLedger,
  EUR,
  hashRequest,
  openCustomerAccountTx,
  placeHold,
  postOperation,
  releaseHold,
  runIdempotent,
  stockAsset,
  SYSTEM,
  systemAccountTx,
} from '.';

let dir: string;
let db: Db;
let close: () => void;
let raw: (q: string) => unknown;
const now = new Date('2026-03-01T10:00:00Z');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'avenir-ledger-'));
  const opened = openDatabase(join(dir, 'l.db'));
  db = opened.db;
  close = () => opened.sqlite.close();
  raw = (q) => opened.sqlite.prepare(q).run();
});
afterEach(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

function client(email: string) {
  return db.transaction((tx) => {
    const u = tx
      .insert(users)
      .values({ email, passwordHash: 'x', firstName: 'A', lastName: 'B', role: 'client' })
      .returning()
      .get();
    return openCustomerAccountTx(tx, { userId: u.id, type: 'checking', label: 'CC' }, now);
  });
}
const deposit = (accountId: number, amount: number) =>
  db.transaction((tx) =>
    postOperation(
      tx,
      {
        kind: 'deposit',
        label: 'Dépôt',
        postings: [
          { accountId: systemAccountTx(tx, SYSTEM.external).id, amount: -amount },
          { accountId, amount },
        ],
      },
      now,
    ),
  );
const move = (from: number, to: number, amount: number) =>
  db.transaction((tx) =>
    postOperation(
      tx,
      {
        kind: 'transfer',
        label: 'Virement',
        postings: [
          { accountId: from, amount: -amount },
          { accountId: to, amount },
        ],
      },
      now,
    ),
  );
const balanceOf = (id: number) =>
  db.get<{ balance: number; held: number }>(
    sql`select balance, held from bank_accounts where id = ${id}`,
  )!;

describe('ledger core', () => {
  it('moves money in balanced operations, refuses overdrawing and unbalanced ones, and keeps the invariants', () => {
    const a = client('a@x.test');
    const b = client('b@x.test');
    const dep = deposit(a.id, 10_000);
    expect(dep.ok).toBe(true);
    if (dep.ok) {
      expect(dep.accounts).toHaveLength(1);
      expect(dep.accounts[0].operation).toMatchObject({
        amountCents: 10_000,
        balanceAfterCents: 10_000,
      });
      expect(dep.published[0].event.type).toBe('account.updated');
    }
    expect(move(a.id, b.id, 4_000).ok).toBe(true);
    expect(move(a.id, b.id, 6_001)).toMatchObject({ ok: false, reason: 'insufficient_funds' });
    const unbalanced = db.transaction((tx) =>
      postOperation(
        tx,
        { kind: 'fee', label: 'x', postings: [{ accountId: a.id, amount: -1 }] },
        now,
      ),
    );
    expect(unbalanced).toMatchObject({ ok: false, reason: 'invalid' });
    expect(balanceOf(a.id).balance).toBe(6_000);
    expect(balanceOf(b.id).balance).toBe(4_000);
    expect(checkLedger(db).ok).toBe(true);
  });

  it('aborts any UPDATE or DELETE of a posting, and the check notices a tampered cache', () => {
    const a = client('a@x.test');
    deposit(a.id, 500);
    expect(() => raw('update postings set amount = 1')).toThrow(/immutable/);
    expect(() => raw('delete from postings')).toThrow(/immutable/);
    expect(() => raw('delete from operations')).toThrow(/immutable/);
    db.run(sql`update bank_accounts set balance = balance + 1 where id = ${a.id}`);
    const report = checkLedger(db);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'cached_balances')).toMatchObject({ ok: false });
  });

  it('holds reserve funds, are consumed inside an operation, and release what remains', () => {
    const a = client('a@x.test');
    const b = client('b@x.test');
    deposit(a.id, 1_000);
    const h = db.transaction((tx) =>
      placeHold(tx, { accountId: a.id, amount: 800, ownerType: 'order', ownerId: 1 }, now),
    );
    expect(h.ok).toBe(true);
    if (!h.ok) return;
    expect(balanceOf(a.id)).toEqual({ balance: 1_000, held: 800 });
    // Only 200 available beside the hold.
    expect(move(a.id, b.id, 201)).toMatchObject({ ok: false, reason: 'insufficient_funds' });
    const used = db.transaction((tx) =>
      postOperation(
        tx,
        {
          kind: 'trade',
          label: 'Achat',
          consumeHolds: [{ holdId: h.hold.id, amount: 500 }],
          postings: [
            { accountId: a.id, amount: -500 },
            { accountId: b.id, amount: 500 },
          ],
        },
        now,
      ),
    );
    expect(used.ok).toBe(true);
    expect(balanceOf(a.id)).toEqual({ balance: 500, held: 300 });
    db.transaction((tx) => releaseHold(tx, h.hold.id, now));
    expect(balanceOf(a.id)).toEqual({ balance: 500, held: 0 });
    expect(checkLedger(db).ok).toBe(true);
  });

  it('keeps assets apart: shares sum to zero on their own', () => {
    const a = client('a@x.test');
    const asset = stockAsset(1);
    const pos = db.transaction((tx) =>
      openCustomerAccountTx(
        tx,
        { userId: a.userId!, type: 'securities', label: 'AVNR', asset },
        now,
      ),
    );
    const issued = db.transaction((tx) => {
      const issuer = systemAccountTx(tx, 'issuer', asset);
      const cash = systemAccountTx(tx, SYSTEM.external, EUR);
      // Ten units of the stock from its issuer to `to`.
      const tenShares = (to: number, label: string) =>
        postOperation(
          tx,
          {
            kind: 'trade',
            label,
            postings: [
              { accountId: issuer.id, amount: -10 },
              { accountId: to, amount: 10 },
            ],
          },
          now,
        );
      // Mixing assets (shares into a euro account) so that only the total is zero is refused.
      const mixed = tenShares(cash.id, 'x');
      expect(mixed.ok).toBe(false);
      return tenShares(pos.id, 'Attribution');
    });
    expect(issued.ok).toBe(true);
    expect(balanceOf(pos.id).balance).toBe(10);
    expect(checkLedger(db).ok).toBe(true);
  });

  it('answers a repeated key with the stored answer and a different body with a conflict', () => {
    const a = client('a@x.test');
    let runs = 0;
    const call = (body: unknown) =>
      runIdempotent(
        db,
        { userId: a.userId!, key: 'k1', requestHash: hashRequest('t', body), now },
        () => ({ ok: true, value: { n: ++runs } }),
      );
    expect(call({ x: 1, y: 2 })).toMatchObject({ ok: true, value: { n: 1 }, replayed: false });
    expect(call({ y: 2, x: 1 })).toMatchObject({ ok: true, value: { n: 1 }, replayed: true });
    expect(call({ x: 2 })).toMatchObject({ ok: false, reason: 'idempotency_conflict' });
    expect(runs).toBe(1);
  });
});
