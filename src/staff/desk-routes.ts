import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { requireRole } from '../http/middleware';
import { idParam } from '../http/params';
import { listAlerts, raiseUnansweredAlerts, resolveAlert } from './alerts';
import { workloadByAdvisor } from './workload';

const alertsQuery = z.object({
  status: z.enum(['open', 'all']).optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'Entre 1 et 100.')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 100, 'Entre 1 et 100.')
    .optional(),
});

/**
 * /api/staff (additions to API.md): the alerts about the caller's
 * clients (the director: all), marking one handled, and the director's
 * workload per advisor.
 */
export const staffDeskRoutes = new Hono<AppEnv>()
  .use(requireRole('advisor', 'director'))
  .get('/alerts', validate('query', alertsQuery), async (c) => {
    const q = c.req.valid('query');
    // What fell due since the last sweep is raised before the answer (and published).
    await raiseUnansweredAlerts(c.var.platform);
    const items = listAlerts(c.var.platform, c.var.user!, {
      open: q.status !== 'all',
      limit: q.limit ?? 50,
    });
    return c.json({ items });
  })
  .post('/alerts/:id/resolve', validate('param', idParam), async (c) => {
    const ok = await resolveAlert(c.var.platform, c.var.user!, c.req.valid('param').id);
    return ok ? c.body(null, 204) : fail(c, 404, 'not_found');
  })
  .get('/workload', requireRole('director'), (c) =>
    c.json({ items: workloadByAdvisor(c.var.platform) }),
  );
