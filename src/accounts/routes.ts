import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { requireUser } from '../http/middleware';
import { listAccounts } from './service';

export const accountRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', async (c) => c.json({ items: await listAccounts(c.var.platform.db, c.var.user.id) }));
