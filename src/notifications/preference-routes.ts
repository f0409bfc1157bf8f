import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { validate } from '../http/errors';
import { requireUser } from '../http/middleware';
import { getPreferences, savePreferences, type Preferences } from './preferences';
import { NOTIFICATION_CATEGORIES } from './schema';

const channels = z.strictObject(
  {
    push: z.boolean({ error: 'push : vrai ou faux.' }),
    email: z.boolean({ error: 'email : vrai ou faux.' }),
  },
  { error: 'Attendu : {push, email}.' },
);

const preferencesSchema = z
  .strictObject({
    categories: z.strictObject(
      Object.fromEntries(NOTIFICATION_CATEGORIES.map((c) => [c, channels])) as Record<
        (typeof NOTIFICATION_CATEGORIES)[number],
        typeof channels
      >,
      { error: `Attendu : les catégories ${NOTIFICATION_CATEGORIES.join(', ')}.` },
    ),
  })
  .refine((b) => b.categories.security.push && b.categories.security.email, {
    message: 'Les alertes de sécurité ne peuvent pas être désactivées.',
    path: ['categories', 'security'],
  });

/** /api/me/notification-preferences: the caller's own. */
export const preferenceRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', (c) => c.json({ categories: getPreferences(c.var.platform.db, c.var.user.id) }))
  .put('/', validate('json', preferencesSchema), async (c) => {
    const db = c.var.platform.db;
    savePreferences(db, c.var.user.id, c.req.valid('json').categories as Preferences);
    await c.var.platform.durable();
    return c.json({ categories: getPreferences(db, c.var.user.id) });
  });
