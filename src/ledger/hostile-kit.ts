/**
 * The model behind src/ledger/hostile.model.test.ts: what each account of three
 * clients must hold, Livret interest included, day by day as API.md says.
 * Market effects are read back from the app (prices follow rules that may
 * change), only checked against invariants; everything else is predicted.
 */
import type fc from 'fast-check';
import { expect } from 'vitest';
import type { Agent, Res } from '../../test/harness';
import { nextDay, parisDayOf, parisDayStart } from '../savings/days';
import { UNITS_PER_CENT } from '../savings/accrual';

export const RATE_BP = 300; // the fixtures' rate in force, never changed here

export type Acc = {
  id: number;
  iban: string;
  type: 'checking' | 'savings';
  /** Everything but interest (a checking account's whole balance). */
  principal: number;
  held: number;
  overdraft: number;
  closed: boolean;
  openOrders: number;
  /** Livret: interest posted, sub-cent carry, last day accrued, principal at each day's end. */
  interest: number;
  carry: number;
  accruedThrough: string;
  snaps: Map<string, number>;
};

export type Model = {
  owners: Acc[][];
  today: string;
  /** A midnight passed by moving the clock: the day's run may or may not have happened yet. */
  pending: boolean;
  run: number;
  /** Days the clock moved since the clients last signed in. */
  sinceLogin: number;
};

export const dayBefore = (day: string) => parisDayOf(new Date(parisDayStart(day).getTime() - 1));

export const balanceOf = (a: Acc) => a.principal + a.interest;

/** What may leave the account now, on the lower side of a pending run. */
export const availableOf = (m: Model, a: Acc) =>
  Math.min(...acceptable(m, a)) - a.held + a.overdraft;

/** Accrues a Livret day by day through `day`, on each day's end balance (earlier interest in it). */
export function accrueThrough(a: Acc, day: string) {
  if (a.type !== 'savings' || a.closed) return;
  for (let d = nextDay(a.accruedThrough); d <= day; d = nextDay(d)) {
    const principal = a.snaps.get(d) ?? a.principal;
    const total = a.carry + Math.max(0, principal + a.interest) * RATE_BP;
    const cents = Math.floor(total / UNITS_PER_CENT);
    a.interest += cents;
    a.carry = total - cents * UNITS_PER_CENT;
    a.accruedThrough = d;
  }
}

/** Every day from `from` until `to` (excluded) ends with the principal each account holds now. */
export function endDays(m: Model, from: string, to: string) {
  for (const a of m.owners.flat())
    for (let d = from; d < to; d = nextDay(d)) if (!a.snaps.has(d)) a.snaps.set(d, a.principal);
}

/** What the app may show for an account: exact, or either side of a day's pending run. */
export function acceptable(m: Model, a: Acc): number[] {
  const now = balanceOf(a);
  if (!m.pending || a.type !== 'savings' || a.closed) return [now];
  const after = structuredClone(a);
  accrueThrough(after, dayBefore(m.today));
  return [now, balanceOf(after)];
}

export function newAcc(view: any, today: string, carry = 0): Acc {
  return {
    id: view.id,
    iban: view.iban,
    type: view.type,
    principal: view.balanceCents,
    held: view.balanceCents + view.overdraftLimitCents - view.availableCents,
    overdraft: view.overdraftLimitCents,
    closed: !!view.closedAt,
    openOrders: 0,
    interest: 0,
    carry,
    accruedThrough: dayBefore(today),
    snaps: new Map(),
  };
}

/** Every answer of the run, so that a 500 anywhere fails the step it happened in. */
export const seen: Res[] = [];
export function watch(agent: Agent): Agent {
  const request = agent.request.bind(agent);
  agent.request = async (...args: Parameters<Agent['request']>) => {
    const res = await request(...args);
    seen.push(res);
    return res;
  };
  return agent;
}
export function expectNo500() {
  const bad = seen.filter((r) => r.status >= 500);
  seen.length = 0;
  expect(bad.map((r) => `${r.status} ${r.text}`)).toEqual([]);
}

/** Reads back what the market did to the clients' cash accounts: balances, holds, open orders. */
export async function adoptMarket(m: Model, clients: Agent[]) {
  for (let i = 0; i < clients.length; i++) {
    const views = (await clients[i].get('/api/accounts')).body.items as any[];
    const open = (await clients[i].get('/api/orders?status=open')).body.items as any[];
    for (const a of m.owners[i]) {
      const v = views.find((x) => x.id === a.id)!;
      a.openOrders = open.filter((o) => o.accountId === a.id).length;
      if (a.type !== 'checking') continue;
      expect(v.availableCents).toBeGreaterThanOrEqual(0);
      a.principal = v.balanceCents;
      a.held = v.balanceCents + v.overdraftLimitCents - v.availableCents;
    }
  }
}

/** The app as the model test drives it: three clients, the director, the stock they trade. */
export type Real = { clients: Agent[]; director: Agent; stockId: number };

export const pick = <T>(list: T[], n: number) => list[n % list.length];

let steps = 0;
/** How many steps `agree` checked so far (the test prints it). */
export const stepsChecked = () => steps;

/** After each step: no 500, the ledger check ok, every account as the model says. */
export async function agree(m: Model, r: Real) {
  steps++;
  expectNo500();
  const check = await r.director.get('/api/admin/ledger/check');
  expect(check.status, check.text).toBe(200);
  expect(
    check.body.checks.filter((c: any) => !c.ok),
    JSON.stringify(check.body.checks.filter((c: any) => !c.ok)),
  ).toEqual([]);
  for (let i = 0; i < r.clients.length; i++) {
    const items = (await r.clients[i].get('/api/accounts')).body.items as any[];
    for (const a of m.owners[i]) {
      const v = items.find((x) => x.id === a.id)!;
      expect({ id: a.id, closed: !!v.closedAt }).toEqual({ id: a.id, closed: a.closed });
      expect(acceptable(m, a), `account ${a.id} (${a.type})`).toContain(v.balanceCents);
    }
  }
  expectNo500();
}

export type Cmd = fc.AsyncCommand<Model, Real>;
export const command = (name: string, run: (m: Model, r: Real) => Promise<void>): Cmd => ({
  check: () => true,
  run: async (m, r) => {
    await run(m, r);
    await agree(m, r);
  },
  toString: () => name,
});

/** What the model expects of a transfer of `cents` from `a` to `to` (null: another bank). */
export function expectTransfer(m: Model, who: number, a: Acc, to: Acc | null, cents: number) {
  const mine = to !== null && m.owners[who].includes(to);
  if (a.closed) return 'account_closed';
  if (to === a) return 'validation_failed';
  if (to?.closed) return 'account_closed';
  if (a.type === 'savings' && !mine) return 'savings_restricted';
  if (cents > availableOf(m, a)) return 'insufficient_funds';
  return null;
}

/** Opens an account (refused past ten open ones). */
export const open = (who: number, type: 'checking' | 'savings') =>
  command(`Open(${who}, ${type})`, async (m, r) => {
    const res = await r.clients[who].post('/api/accounts', { type, label: 'Modèle' });
    if (m.owners[who].filter((a) => !a.closed).length >= 10)
      return void expect(res.status).toBe(409);
    expect(res.status).toBe(201);
    m.owners[who].push(newAcc(res.body.account, m.today));
  });

/** A demo deposit from outside the bank (refused on a closed account). */
export const deposit = (who: number, acc: number, cents: number) =>
  command(`Deposit(${who}#${acc}, ${cents})`, async (m, r) => {
    const a = pick(m.owners[who], acc);
    const res = await r.clients[who].post('/dev/deposit', { accountId: a.id, amountCents: cents });
    expect(res.status).toBe(a.closed ? 409 : 201);
    if (!a.closed) a.principal += cents;
  });
