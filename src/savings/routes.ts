import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { validate } from '../http/errors';
import { requireRole, requireUser } from '../http/middleware';
import { parisDayOf } from './days';
import { currentRate, interestEarned, rateHistory, setSavingsRate } from './service';

const rateSchema = z.strictObject({
  rateBasisPoints: z
    .number({ error: 'Taux attendu en points de base (300 = 3,00 %).' })
    .int('Taux attendu en points de base entiers.')
    .min(0, 'Le taux va de 0 à 2000 points de base.')
    .max(2000, 'Le taux va de 0 à 2000 points de base.'),
});

export const savingsRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/rate', (c) => c.json(currentRate(c.var.platform)))
  /** Addition to API.md: the rate history (newest first). */
  .get('/rates', (c) => c.json({ items: rateHistory(c.var.platform.db) }))
  .put('/rate', requireRole('director'), validate('json', rateSchema), async (c) => {
    const rate = await setSavingsRate(
      c.var.platform,
      c.var.user,
      c.req.valid('json').rateBasisPoints,
    );
    return c.json(rate);
  })
  /** Addition to API.md: interest credited this (Paris) year on each of the caller's savings accounts. */
  .get('/interest', (c) => {
    const p = c.var.platform;
    const year = Number(parisDayOf(p.clock.now()).slice(0, 4));
    return c.json({ year, items: interestEarned(p.db, c.var.user.id, year) });
  });
