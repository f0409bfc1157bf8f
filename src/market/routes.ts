import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { requireIdempotencyKey } from '../http/idempotency-key';
import { requireRole, requireUser } from '../http/middleware';
import { parseId } from '../http/params';
import { findStock, listStocks, marketSummary, stockDetail } from './stocks';
import { listOrders, orderDetail } from './orders';
import { portfolioOf } from './portfolio';
import {
  cancelOrder,
  clientPortfolio,
  createStock,
  deleteStock,
  placeOrder,
  updateStock,
} from './service';
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

const REFUSAL_STATUS: Record<string, 400 | 404 | 409> = { not_found: 404, validation_failed: 400 };

/** /api/market: stocks (everyone reads; the director lists, edits and deletes). */
export const marketRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/stocks', (c) => {
    const p = c.var.platform;
    return c.json({
      items: listStocks(p.db, p.clock.now(), { unlisted: c.var.user.role !== 'client' }),
    });
  })
  .get('/summary', requireRole('director'), (c) =>
    c.json(marketSummary(c.var.platform.db, c.var.platform.clock.now())),
  )
  .get('/stocks/:id', (c) => {
    const p = c.var.platform;
    const id = parseId(c.req.param('id'));
    const stock = id ? findStock(p.db, id) : null;
    if (!stock || (!stock.listed && c.var.user.role === 'client')) return fail(c, 404, 'not_found');
    return c.json(stockDetail(p.db, stock, p.clock.now()));
  })
  .post('/stocks', requireRole('director'), validate('json', createStockSchema), (c) => {
    const created = createStock(c.var.platform, c.req.valid('json'));
    if (!created.ok)
      return fail(c, 409, 'symbol_taken', 'Ce symbole est déjà utilisé.', {
        symbol: 'Symbole déjà utilisé.',
      });
    return c.json({ stock: created.stock }, 201);
  })
  .patch('/stocks/:id', requireRole('director'), validate('json', patchStockSchema), (c) => {
    const id = parseId(c.req.param('id'));
    const stock = id ? updateStock(c.var.platform, id, c.req.valid('json')) : null;
    return stock ? c.json({ stock }) : fail(c, 404, 'not_found');
  })
  .delete('/stocks/:id', requireRole('director'), (c) => {
    const id = parseId(c.req.param('id'));
    const result = id ? deleteStock(c.var.platform, id) : null;
    if (!result || (!result.ok && result.reason === 'not_found')) return fail(c, 404, 'not_found');
    if (!result.ok)
      return fail(
        c,
        409,
        'stock_in_use',
        'Des clients détiennent cette action ou ont un ordre ouvert dessus.',
      );
    return c.body(null, 204);
  });

/** /api/orders: a client's own orders. */
export const orderRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', (c) => {
    const status = c.req.query('status') === 'all' ? 'all' : 'open';
    return c.json({ items: listOrders(c.var.platform.db, c.var.user.id, status) });
  })
  .get('/:id', (c) => {
    const id = parseId(c.req.param('id'));
    const detail = id ? orderDetail(c.var.platform.db, c.var.user.id, id) : null;
    return detail ? c.json(detail) : fail(c, 404, 'not_found');
  })
  .post('/', requireRole('client'), requireIdempotencyKey, validate('json', orderSchema), (c) => {
    const key = c.req.header('idempotency-key')!;
    const r = placeOrder(c.var.platform, c.var.user, key, c.req.valid('json'));
    if (r.ok) return c.json({ order: r.order }, 201);
    if (r.reason === 'idempotency_conflict') return fail(c, 409, r.reason);
    return fail(c, REFUSAL_STATUS[r.reason] ?? 409, r.reason, r.message, r.fields);
  })
  .delete('/:id', (c) => {
    const id = parseId(c.req.param('id'));
    if (!id) return fail(c, 404, 'not_found');
    const r = cancelOrder(c.var.platform, c.var.user, id);
    if (!r.ok) return fail(c, REFUSAL_STATUS[r.reason] ?? 409, r.reason, r.message);
    return c.json({ order: r.order });
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
    const id = parseId(c.req.param('id'));
    const portfolio = id ? clientPortfolio(c.var.platform, c.var.user, id) : null;
    return portfolio ? c.json(portfolio) : fail(c, 404, 'not_found');
  },
);
