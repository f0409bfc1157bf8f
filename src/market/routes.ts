import { Hono } from 'hono';
import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { requireIdempotencyKey } from '../http/idempotency-key';
import { requireRole, requireUser } from '../http/middleware';
import { users } from '../db/schema';
import { hashRequest, runIdempotent } from '../ledger';
import { orders as ordersTable, stocks } from './schema';
import {
  createStockTx,
  findStock,
  listStocks,
  stockDetail,
  stockInUse,
  toStockView,
} from './stocks';
import { cancelOrderByOwnerTx, listOrders, placeOrderTx } from './orders';
import { cancelOrderTx } from './matching';
import { portfolioOf } from './portfolio';
import { publishMarketEvents } from './service';
import { toOrderView } from './views';
import './check';

const idParam = (raw: string) => (/^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : null);
const int = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} : nombre entier attendu.` })
    .int(`${what} : nombre entier attendu.`)
    .min(min, `${what} : au moins ${min}.`)
    .max(max, `${what} : au plus ${max}.`);
const PRICE_MAX = 100_000_000; // 1 000 000,00 €
const name = z
  .string()
  .trim()
  .min(1, 'Nom requis.')
  .max(80, 'Nom trop long (80 caractères au plus).');

const createStockSchema = z.strictObject({
  symbol: z.string().regex(/^[A-Z]{2,6}$/, 'Symbole : 2 à 6 lettres capitales.'),
  name,
  ipoPriceCents: int('Prix d’introduction', 1, PRICE_MAX),
  shares: int('Nombre de titres', 1, 100_000_000),
});
// Unknown keys are refused: no route sets a price, the order book does.
const patchStockSchema = z.strictObject({ name: name.optional(), listed: z.boolean().optional() });

const orderSchema = z
  .strictObject({
    stockId: int('Action', 1, Number.MAX_SAFE_INTEGER),
    side: z.enum(['buy', 'sell'], { error: 'Sens : buy ou sell.' }),
    type: z.enum(['limit', 'market'], { error: 'Type : limit ou market.' }),
    quantity: int('Quantité', 1, 100_000),
    limitPriceCents: int('Prix limite', 1, PRICE_MAX).nullish(),
    accountId: int('Compte', 1, Number.MAX_SAFE_INTEGER),
  })
  .superRefine((o, ctx) => {
    if (o.type === 'limit' && o.limitPriceCents == null)
      ctx.addIssue({
        code: 'custom',
        path: ['limitPriceCents'],
        message: 'Prix limite requis pour un ordre à cours limité.',
      });
    if (o.type === 'market' && o.limitPriceCents != null)
      ctx.addIssue({
        code: 'custom',
        path: ['limitPriceCents'],
        message: 'Pas de prix limite pour un ordre au marché.',
      });
  });

/** /api/market: stocks (everyone reads; the director lists, edits and deletes). */
export const marketRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/stocks', (c) => {
    const p = c.var.platform;
    return c.json({
      items: listStocks(p.db, p.clock.now(), { unlisted: c.var.user.role !== 'client' }),
    });
  })
  .get('/stocks/:id', (c) => {
    const p = c.var.platform;
    const id = idParam(c.req.param('id'));
    const stock = id ? findStock(p.db, id) : null;
    if (!stock || (!stock.listed && c.var.user.role === 'client')) return fail(c, 404, 'not_found');
    return c.json(stockDetail(p.db, stock, p.clock.now()));
  })
  .post('/stocks', requireRole('director'), validate('json', createStockSchema), (c) => {
    const p = c.var.platform;
    const now = p.clock.now();
    const created = p.db.transaction(
      (tx) => {
        const s = createStockTx(tx, c.req.valid('json'), now);
        return s === 'symbol_taken' ? s : toStockView(tx, s, now);
      },
      { behavior: 'immediate' },
    );
    if (created === 'symbol_taken')
      return fail(c, 409, 'symbol_taken', 'Ce symbole est déjà utilisé.', {
        symbol: 'Symbole déjà utilisé.',
      });
    return c.json({ stock: created }, 201);
  })
  .patch('/stocks/:id', requireRole('director'), validate('json', patchStockSchema), (c) => {
    const p = c.var.platform;
    const id = idParam(c.req.param('id'));
    const stock = id ? findStock(p.db, id) : null;
    if (!stock) return fail(c, 404, 'not_found');
    const changes = c.req.valid('json');
    const updated = p.db
      .update(stocks)
      .set(changes)
      .where(eq(stocks.id, stock.id))
      .returning()
      .get();
    return c.json({ stock: toStockView(p.db, updated, p.clock.now()) });
  })
  .delete('/stocks/:id', requireRole('director'), (c) => {
    const p = c.var.platform;
    const id = idParam(c.req.param('id'));
    const now = p.clock.now();
    const result = p.db.transaction(
      (tx) => {
        const stock = id ? findStock(tx, id) : null;
        if (!stock) return 'not_found' as const;
        if (stockInUse(tx, stock.id)) return 'stock_in_use' as const;
        // The bank's own offers go with it; the history (trades, postings) stays.
        const published = tx
          .select()
          .from(ordersTable)
          .where(and(eq(ordersTable.stockId, stock.id), eq(ordersTable.status, 'open')))
          .all()
          .flatMap((o) => cancelOrderTx(tx, o, now));
        tx.update(stocks)
          .set({ deletedAt: now, listed: false })
          .where(eq(stocks.id, stock.id))
          .run();
        return published;
      },
      { behavior: 'immediate' },
    );
    if (result === 'not_found') return fail(c, 404, 'not_found');
    if (result === 'stock_in_use')
      return fail(
        c,
        409,
        'stock_in_use',
        'Des clients détiennent cette action ou ont un ordre ouvert dessus.',
      );
    publishMarketEvents(p, result);
    return c.body(null, 204);
  });

/** /api/orders: a client's own orders. */
export const orderRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', (c) => {
    const status = c.req.query('status') === 'all' ? 'all' : 'open';
    return c.json({ items: listOrders(c.var.platform.db, c.var.user.id, status) });
  })
  .post('/', requireRole('client'), requireIdempotencyKey, validate('json', orderSchema), (c) => {
    const p = c.var.platform;
    const body = c.req.valid('json');
    const now = p.clock.now();
    const answer = runIdempotent(
      p.db,
      {
        userId: c.var.user.id,
        key: c.req.header('idempotency-key')!,
        requestHash: hashRequest('POST /api/orders', body),
        now,
      },
      (tx) => placeOrderTx(tx, c.var.user, body, now),
    );
    if (!answer.replayed) publishMarketEvents(p, answer.published);
    return c.json(answer.body as object, answer.status as 201);
  })
  .delete('/:id', (c) => {
    const p = c.var.platform;
    const id = idParam(c.req.param('id'));
    if (!id) return fail(c, 404, 'not_found');
    const now = p.clock.now();
    const result = p.db.transaction((tx) => cancelOrderByOwnerTx(tx, c.var.user, id, now), {
      behavior: 'immediate',
    });
    if (!result.ok && result.reason === 'not_found') return fail(c, 404, 'not_found');
    if (!result.ok) return fail(c, 409, 'order_closed', 'Cet ordre n’est plus ouvert.');
    publishMarketEvents(p, result.published);
    return c.json({ order: toOrderView(result.order) });
  });

/** /api/portfolio: the caller's positions. */
export const portfolioRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', (c) =>
    c.json(portfolioOf(c.var.platform.db, c.var.user.id, c.var.platform.clock.now())),
  );

/** /api/clients/:id/portfolio: the client's advisor or the director, read-only; anyone else → 404. */
export const clientPortfolioRoutes = new Hono<AppEnv>().get(
  '/:id/portfolio',
  requireRole('advisor', 'director'),
  (c) => {
    const p = c.var.platform;
    const id = idParam(c.req.param('id'));
    const client = id ? p.db.select().from(users).where(eq(users.id, id)).get() : null;
    const me = c.var.user;
    if (
      !client ||
      client.role !== 'client' ||
      (me.role === 'advisor' && client.advisorId !== me.id)
    )
      return fail(c, 404, 'not_found');
    return c.json(portfolioOf(p.db, client.id, p.clock.now()));
  },
);
