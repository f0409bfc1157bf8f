import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { requireRole } from '../http/middleware';
import { listClientsFor } from './service';

export const staffRoutes = new Hono<AppEnv>()
  .use(requireRole('advisor', 'director'))
  .get('/', async (c) => c.json({ items: await listClientsFor(c.var.platform, c.var.user) }));
