/**
 * The floor for the transfers scenario: the same money transaction as AVENIR's
 * internal transfer, written straight with better-sqlite3 (WAL, synchronous=FULL:
 * every commit fsync'd), without auth, validation or events. Idempotency key,
 * both balances read, the cover check, one operation, two postings, two cached
 * balances, the stored answer — one IMMEDIATE transaction, then the answer.
 */
import Database from 'better-sqlite3';

export function openTransferFloor(path, clients) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`
    create table if not exists accounts (id integer primary key, user_id integer not null,
      iban text not null unique, balance integer not null);
    create table if not exists operations (id integer primary key autoincrement, kind text not null,
      label text not null, user_id integer, created_at integer not null);
    create table if not exists postings (id integer primary key autoincrement, operation_id integer not null,
      account_id integer not null, asset text not null, amount integer not null, balance_after integer not null,
      counterparty_name text, counterparty_iban text, search text not null, created_at integer not null);
    create index if not exists postings_account_idx on postings (account_id, operation_id);
    create table if not exists idempotency_keys (user_id integer not null, key text not null,
      request_hash text not null, status integer not null, response text not null, created_at integer not null,
      primary key (user_id, key));`);
  const insert = db.prepare(
    'insert or ignore into accounts (id, user_id, iban, balance) values (?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (let no = 1; no <= clients; no++) insert.run(no, no, ibanOf(no), 500_000);
  })();
  const q = {
    seen: db.prepare('select status, response from idempotency_keys where user_id = ? and key = ?'),
    byId: db.prepare('select * from accounts where id = ?'),
    byIban: db.prepare('select * from accounts where iban = ?'),
    op: db.prepare(
      "insert into operations (kind, label, user_id, created_at) values ('transfer', ?, ?, ?)",
    ),
    posting:
      db.prepare(`insert into postings (operation_id, account_id, asset, amount, balance_after,
      counterparty_name, counterparty_iban, search, created_at) values (?, ?, 'EUR', ?, ?, ?, ?, ?, ?)`),
    balance: db.prepare('update accounts set balance = ? where id = ?'),
    store: db.prepare('insert into idempotency_keys values (?, ?, ?, ?, ?, ?)'),
    mine: db.prepare('select id, iban, balance as balanceCents from accounts where user_id = ?'),
    sum: db.prepare('select sum(balance) as s from accounts'),
  };
  const transfer = db.transaction((userId, key, body) => {
    const seen = q.seen.get(userId, key);
    if (seen) return { status: seen.status, body: JSON.parse(seen.response) };
    const from = q.byId.get(body.fromAccountId);
    const to = q.byIban.get(body.toIban);
    if (!from || from.user_id !== userId || !to)
      return { status: 404, body: { error: { code: 'not_found' } } };
    if (from.balance < body.amountCents)
      return { status: 409, body: { error: { code: 'insufficient_funds' } } };
    const now = Date.now();
    const { lastInsertRowid: opId } = q.op.run(body.label ?? '', userId, now);
    q.posting.run(
      opId,
      from.id,
      -body.amountCents,
      from.balance - body.amountCents,
      body.beneficiaryName,
      to.iban,
      'x',
      now,
    );
    q.posting.run(
      opId,
      to.id,
      body.amountCents,
      to.balance + body.amountCents,
      'x',
      from.iban,
      'x',
      now,
    );
    q.balance.run(from.balance - body.amountCents, from.id);
    q.balance.run(to.balance + body.amountCents, to.id);
    const answer = {
      transfer: {
        id: Number(opId),
        ...body,
        internal: true,
        createdAt: new Date(now).toISOString(),
      },
    };
    q.store.run(userId, key, 'h', 201, JSON.stringify(answer), now);
    return { status: 201, body: answer };
  });
  return {
    transfer: (userId, key, body) => transfer.immediate(userId, key, body),
    accountsOf: (userId) =>
      q.mine.all(userId).map((a) => ({ ...a, type: 'checking', currency: 'EUR' })),
    totalBalance: () => q.sum.get().s,
  };
}

/** Any unique string serves as an IBAN here (nothing validates it). */
const ibanOf = (no) => `FLOOR${String(no).padStart(10, '0')}`;
