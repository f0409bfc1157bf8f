/**
 * orders: crossing orders from many clients on one fresh stock. The director
 * lists it (the bank offers its shares), every trader buys a stake from the
 * bank, then each places `perClient` one-share orders at `rate` per second,
 * alternately selling at 9,95 € and buying at 10,05 € so that almost every
 * order crosses a resting one. Figures: matched trades per second, order-to-
 * trade latency (from sending an order to its answer, which comes only once
 * its trade is committed) for the orders that traded, and the ledger check at
 * the end (after every remaining order is cancelled: no reservation left).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { login, request } from '../lib/clients.mjs';
import { pool, sleep, summarize } from '../lib/stats.mjs';

let runs = 0;
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 16 });
const key = () => `bench-${process.pid}-${Date.now()}-${++runs}`;
/** POST with a fresh Idempotency-Key (request() sends no extra headers). */
const post = (base, s, path, body) =>
  new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = http.request(`${base}${path}`, {
      method: 'POST',
      agent: keepAlive,
      headers: {
        cookie: s.cookie,
        origin: base,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
        'idempotency-key': key(),
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined });
      });
    });
    req.end(payload);
  });

export async function runOrders(target, { traders, perClient, rate }) {
  if (target.name !== 'avenir') return { skipped: 'the baseline has no market' };
  const base = target.base;
  const clients = target.chatClients.slice(0, traders);
  const director = await login(base, 'directeur@avenir.test');
  const letter = () => String.fromCharCode(65 + Math.floor(Math.random() * 26));
  const symbol = `B${letter()}${letter()}${letter()}${letter()}`;
  const listed = await post(base, director, '/api/market/stocks', {
    symbol,
    name: `Banc d’essai ${symbol}`,
    ipoPriceCents: 1000,
    shares: clients.length * 50,
  });
  if (listed.status !== 201)
    throw new Error(`orders: listing failed ${listed.status} ${JSON.stringify(listed.body)}`);
  const stockId = listed.body.stock.id;
  const accountOf = new Map();
  await pool(clients.length, 8, async (i) => {
    const s = clients[i];
    const accounts = await request(base, s, 'GET', '/api/accounts');
    const checking = accounts.body.items.find((a) => a.type === 'checking' && !a.closedAt);
    accountOf.set(s, checking.id);
    const r = await post(base, s, '/api/orders', {
      stockId,
      side: 'buy',
      type: 'limit',
      quantity: 50,
      limitPriceCents: 1000,
      accountId: checking.id,
    });
    if (r.status !== 201) throw new Error(`orders: stake ${r.status} ${JSON.stringify(r.body)}`);
  });

  const traded = [];
  const resting = [];
  let refused = 0;
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (s, j) => {
      await sleep((j * 1000) / rate / clients.length); // spread the clients over one period
      for (let m = 0; m < perClient; m++) {
        const sell = (j + m) % 2 === 0;
        const sent = performance.now();
        const r = await post(base, s, '/api/orders', {
          stockId,
          side: sell ? 'sell' : 'buy',
          type: 'limit',
          quantity: 1,
          limitPriceCents: sell ? 995 : 1005,
          accountId: accountOf.get(s),
        });
        const ms = performance.now() - sent;
        if (r.status !== 201) refused++;
        else if (r.body.order.status === 'filled') traded.push(ms);
        else resting.push(ms);
        const wait = 1000 / rate - ms;
        if (wait > 0) await sleep(wait);
      }
    }),
  );
  const elapsedMs = performance.now() - t0;
  const detail = await request(base, director, 'GET', `/api/market/stocks/${stockId}`);
  // Cancel what rests, then the ledger's own check (money engineer's route; null if absent).
  await pool(clients.length, 8, async (i) => {
    const open = await request(base, clients[i], 'GET', '/api/orders?status=open');
    for (const o of open.body.items.filter((x) => x.stockId === stockId))
      await request(base, clients[i], 'DELETE', `/api/orders/${o.id}`);
  });
  const check = await request(base, director, 'GET', '/api/admin/ledger/check');
  const trades = traded.length; // each filled one-share order is one trade it took part in as taker
  return {
    traders: clients.length,
    ordersPerClient: perClient,
    ratePerClient: rate,
    orders: clients.length * perClient,
    refused,
    trades,
    tradesPerSecond: Math.round((trades / elapsedMs) * 1000 * 10) / 10,
    volume: detail.body?.stock?.volume ?? null,
    orderToTrade: summarize(traded),
    restingAnswer: summarize(resting),
    ledgerOk: check.status === 200 ? check.body.ok : null,
    ledgerChecks:
      check.status === 200 ? check.body.checks.filter((c) => !c.ok) : `HTTP ${check.status}`,
    elapsedMs: Math.round(elapsedMs),
  };
}
