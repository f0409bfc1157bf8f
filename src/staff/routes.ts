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

export const staffRoutes = new Hono<AppEnv>()
  .use(requireRole('advisor', 'director'))
  .get('/', async (c) => c.json({ items: await listClientsFor(c.var.platform, c.var.user) }))
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
