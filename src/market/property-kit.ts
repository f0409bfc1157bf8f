import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { UNITS_PER_CENT } from '../savings/service';
import { checkBank } from '../bank-rules';

export const one = <T>(db: Db, q: ReturnType<typeof sql>) => db.get<T>(q)!;

/**
 * What must hold after every step of the model-based test: the bank's checks,
 * shares and cash conserved, 1 € per executed order, trades within limits,
 * interest within a cent of the exact sum. `ipo`: the stocks' shares, STOCK:1 first.
 */
export function checkMarketInvariants(db: Db, deposits: number, ipo: { shares: number }[]) {
  const report = checkBank(db);
  expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  // Shares conserved: every stock's shares are where the IPO put them, or with clients.
  for (const [k, s] of ipo.entries()) {
    const held = one<{ q: number }>(
      db,
      sql`select coalesce(sum(balance), 0) as q from bank_accounts where asset = ${`STOCK:${k + 1}`} and (user_id is not null or system_code = 'market')`,
    ).q;
    expect(held).toBe(s.shares);
  }
  // Cash conserved: what clients and the bank's market desk hold is what came in, plus interest, minus fees.
  const cash = one<{ c: number; fees: number; interest: number }>(
    db,
    sql`select
      (select coalesce(sum(balance), 0) from bank_accounts where asset = 'EUR' and (user_id is not null or system_code = 'market')) as c,
      (select coalesce(sum(balance), 0) from bank_accounts where system_code = 'fees') as fees,
      (select -coalesce(sum(balance), 0) from bank_accounts where system_code = 'interest') as interest`,
  );
  expect(cash.c).toBe(deposits + cash.interest - cash.fees);
  // Exactly 1 € per executed client order, none for the others.
  const fees = one<{ executed: number; wrong: number }>(
    db,
    sql`select
      (select count(*) from orders where user_id is not null and remaining < quantity) as executed,
      (select count(*) from orders where user_id is not null and fee_paid != case when remaining < quantity then 100 else 0 end) as wrong`,
  );
  expect(fees.wrong).toBe(0);
  expect(cash.fees).toBe(100 * fees.executed);
  // Every trade within both orders' limits, never between two orders of one customer.
  const badTrades = one<{ n: number }>(
    db,
    sql`select count(*) as n from trades t
      join orders b on b.id = t.buy_order_id join orders s on s.id = t.sell_order_id
      where (b.limit_price is not null and t.price > b.limit_price)
        or (s.limit_price is not null and t.price < s.limit_price)
        or b.user_id = s.user_id`,
  ).n;
  expect(badTrades).toBe(0);
  // Interest: posted whole cents never exceed the exact sum, and miss it by less than a cent.
  const rows = db.all<{ exact: number; posted: number }>(sql`select
      (select coalesce(sum(accrued), 0) from savings_accruals s where s.account_id = a.id) as exact,
      (select coalesce(sum(p.amount), 0) from postings p join operations o on o.id = p.operation_id
        where p.account_id = a.id and o.kind = 'interest') as posted
      from bank_accounts a where a.type = 'savings'`);
  for (const r of rows) {
    const gap = BigInt(r.exact) - BigInt(r.posted) * BigInt(UNITS_PER_CENT);
    expect(gap >= 0n && gap < BigInt(UNITS_PER_CENT)).toBe(true);
  }
}
