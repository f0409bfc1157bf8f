import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { requireRole } from '../http/middleware';
import { findClientItem, listClientsFor } from './service';
import { reassignClient } from './reassign';

const reassignSchema = z.object({
  advisorId: z
    .number({ error: 'advisorId : identifiant attendu.' })
    .int('advisorId : identifiant attendu.')
    .positive('advisorId : identifiant attendu.'),
});

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,7}$/, `Entre ${min} et ${max}.`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `Entre ${min} et ${max}.`);

/** GET /api/clients's optional search, sort and page (addition to API.md). */
const listQuery = z.object({
  q: z.string().max(100, 'q : au plus 100 caractères.').optional(),
  sort: z.enum(['name', 'balance', 'lastContact']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: int(1, 100).optional(),
  offset: int(0, 1_000_000).optional(),
});

export const staffRoutes = new Hono<AppEnv>()
  .use(requireRole('advisor', 'director'))
  .get('/', validate('query', listQuery), async (c) =>
    c.json(await listClientsFor(c.var.platform, c.var.user, c.req.valid('query'))),
  )
  .patch('/:id', requireRole('director'), validate('json', reassignSchema), async (c) => {
    const raw = c.req.param('id');
    const id = /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : null;
    if (id === null) return fail(c, 404, 'not_found');
    const result = await reassignClient(c.var.platform, id, c.req.valid('json').advisorId);
    if (result === 'unknown_client') return fail(c, 404, 'not_found');
    if (result === 'not_an_advisor') {
      return fail(c, 400, 'validation_failed', undefined, {
        advisorId: 'Ce conseiller n’existe pas.',
      });
    }
    return c.json({ client: await findClientItem(c.var.platform, id) });
  });
