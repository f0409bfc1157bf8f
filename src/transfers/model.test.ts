/**
 * Model-based test: random sequences of opens, transfers (internal, external, to
 * closed accounts, overdrawing, same-key and different-body retries), deposits
 * and closes run against the real app over HTTP and a small in-memory model.
 * After every step the ledger check passes and every balance equals the model's.
 * The seed is printed; replay one with MODEL_SEED=….
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addBeneficiary } from './beneficiaries';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';

const EXTERNAL_IBAN = 'FR1420041010050500013M02606';

type Acc = {
  id: number;
  iban: string;
  type: 'checking' | 'savings';
  balance: number;
  closed: boolean;
};
type Model = {
  owners: Acc[][]; // accounts per client
  keys: Map<string, { body: string; status: number; transferId: number }>;
  run: number;
};
type Real = { clients: Agent[]; director: Agent };

let app: TestApp;
let real: Real;
let steps = 0;

beforeAll(async () => {
  app = await startTestApp();
  const clients = [];
  for (const i of [1, 2, 3]) clients.push(await app.login(`client${i}@avenir.test`));
  real = { clients, director: await app.login('directeur@avenir.test') };
}, 60_000);
afterAll(() => app?.stop());

async function readAccounts(agent: Agent): Promise<Acc[]> {
  const items = (await agent.get('/api/accounts')).body.items as any[];
  return items
    .map((a) => ({
      id: a.id,
      iban: a.iban,
      type: a.type,
      balance: a.balanceCents,
      closed: !!a.closedAt,
    }))
    .sort((x, y) => x.id - y.id);
}

/** After each step: the ledger's invariants hold and every balance is the model's. */
async function agree(m: Model, r: Real) {
  steps++;
  const check = await r.director.get('/api/admin/ledger/check');
  expect(check.body.checks.filter((c: any) => !c.ok)).toEqual([]);
  for (let i = 0; i < r.clients.length; i++)
    expect(await readAccounts(r.clients[i])).toEqual(m.owners[i]);
}

const pick = <T>(list: T[], n: number) => list[n % list.length];

class Open implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly who: number,
    readonly type: 'checking' | 'savings',
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const res = await r.clients[this.who].post('/api/accounts', {
      type: this.type,
      label: 'Modèle',
    });
    const open = m.owners[this.who].filter((a) => !a.closed).length;
    if (open >= 10) expect(res.status).toBe(409);
    else {
      expect(res.status).toBe(201);
      const a = res.body.account;
      m.owners[this.who].push({
        id: a.id,
        iban: a.iban,
        type: this.type,
        balance: 0,
        closed: false,
      });
    }
    await agree(m, r);
  }
  toString = () => `Open(${this.who}, ${this.type})`;
}

class Deposit implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly who: number,
    readonly acc: number,
    readonly cents: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const a = pick(m.owners[this.who], this.acc);
    const res = await r.clients[this.who].post('/dev/deposit', {
      accountId: a.id,
      amountCents: this.cents,
    });
    if (a.closed) expect(res.status).toBe(409);
    else {
      expect(res.status).toBe(201);
      a.balance += this.cents;
    }
    await agree(m, r);
  }
  toString = () => `Deposit(${this.who}, #${this.acc}, ${this.cents})`;
}

class Close implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly who: number,
    readonly acc: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const mine = m.owners[this.who];
    const a = pick(mine, this.acc);
    // The fixtures' standing transfers (not modelled: no step makes one) keep their accounts open.
    const schedules = (await r.clients[this.who].get('/api/transfers/scheduled')).body
      .items as any[];
    const inUse = schedules.some(
      (s) => s.status === 'active' && (s.fromAccountId === a.id || s.toIban === a.iban),
    );
    const res = await r.clients[this.who].del(`/api/accounts/${a.id}`);
    const openChecking = mine.filter((x) => x.type === 'checking' && !x.closed).length;
    if (a.closed) expect(res.status).toBe(404);
    else if (inUse) expect(res.body.error.code).toBe('account_in_use');
    else if (a.balance !== 0) expect(res.body.error.code).toBe('account_not_empty');
    else if (a.type === 'checking' && openChecking <= 1)
      expect(res.body.error.code).toBe('last_checking_account');
    else {
      expect(res.status).toBe(204);
      a.closed = true;
    }
    await agree(m, r);
  }
  toString = () => `Close(${this.who}, #${this.acc})`;
}

type Amount = { kind: 'small'; cents: number } | { kind: 'all' } | { kind: 'over' };

class Transfer implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly who: number,
    readonly from: number,
    readonly toWho: number | 'external',
    readonly to: number,
    readonly amount: Amount,
    readonly key: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const src = pick(m.owners[this.who], this.from);
    const dst = this.toWho === 'external' ? null : pick(m.owners[this.toWho], this.to);
    const cents =
      this.amount.kind === 'small'
        ? this.amount.cents
        : this.amount.kind === 'all'
          ? Math.max(1, src.balance)
          : src.balance + 1;
    const body = {
      fromAccountId: src.id,
      toIban: dst ? dst.iban : EXTERNAL_IBAN,
      amountCents: Math.min(cents, 10_000_000),
      label: 'Modèle',
      beneficiaryName: 'Quelqu’un',
    };
    const key = `run${m.run}-c${this.who}-k${this.key}`;
    // Payees saved through the service: strong authentication has its own tests (test/contract/sca).
    addBeneficiary(app.platform, r.clients[this.who].user.id, 'Quelqu’un', body.toIban);
    const res = await r.clients[this.who].post('/api/transfers', body, { 'idempotency-key': key });
    const seen = m.keys.get(key);
    const json = JSON.stringify(body);
    if (seen) {
      if (seen.body === json) {
        expect(res.status).toBe(201);
        expect(res.body.transfer.id).toBe(seen.transferId);
      } else expect(res.body.error.code).toBe('idempotency_conflict');
      return agree(m, r);
    }
    const code = (c: string) => expect(res.body?.error?.code).toBe(c);
    if (src.closed) code('account_closed');
    else if (dst === src) expect(res.status).toBe(400);
    else if (dst?.closed) code('account_closed');
    else if (src.type === 'savings' && this.toWho !== this.who) code('savings_restricted');
    else if (body.amountCents > src.balance) code('insufficient_funds');
    else {
      expect(res.status).toBe(201);
      expect(res.body.transfer.internal).toBe(dst !== null);
      src.balance -= body.amountCents;
      if (dst) dst.balance += body.amountCents;
      m.keys.set(key, { body: json, status: 201, transferId: res.body.transfer.id });
    }
    await agree(m, r);
  }
  toString = () =>
    `Transfer(${this.who}#${this.from} → ${this.toWho}#${this.to}, ${JSON.stringify(this.amount)}, key ${this.key})`;
}

const who = fc.integer({ min: 0, max: 2 });
const idx = fc.nat(20);
const commands = [
  fc
    .tuple(who, fc.constantFrom('checking' as const, 'savings' as const))
    .map(([w, t]) => new Open(w, t)),
  fc.tuple(who, idx, fc.integer({ min: 1, max: 200_000 })).map(([w, a, c]) => new Deposit(w, a, c)),
  fc.tuple(who, idx).map(([w, a]) => new Close(w, a)),
  fc
    .tuple(
      who,
      idx,
      fc.oneof(who, fc.constant('external' as const)),
      idx,
      fc.oneof(
        {
          weight: 3,
          arbitrary: fc
            .integer({ min: 1, max: 300_000 })
            .map((cents) => ({ kind: 'small' as const, cents })),
        },
        fc.constant({ kind: 'all' as const }),
        fc.constant({ kind: 'over' as const }),
      ),
      fc.nat(5), // a small pool of keys, so retries happen, with the same body or not
    )
    .map(([w, f, tw, t, a, k]) => new Transfer(w, f, tw, t, a, k)),
];

it(
  'keeps the ledger and the model in step over random sequences',
  { timeout: 120_000 },
  async () => {
    const seed = Number(process.env.MODEL_SEED ?? Date.now() % 2 ** 31);
    console.log(`[model] seed ${seed} (replay: MODEL_SEED=${seed})`);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: 'large' }), async (cmds) => {
        const owners = await Promise.all(real.clients.map(readAccounts));
        await fc.asyncModelRun(
          () => ({ model: { owners, keys: new Map(), run: run++ }, real }),
          cmds,
        );
      }),
      { seed, numRuns: 15, endOnFailure: true },
    );
    console.log(
      `[model] ${run} runs, ${steps} steps checked against the model and the ledger check`,
    );
  },
);
