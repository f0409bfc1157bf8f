import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { requiredText } from '../http/text';
import { requireRole, requireUser } from '../http/middleware';
import { tooMany } from '../http/limits';
import { STAFF_NOTIFICATION_KINDS } from '../db/schema';
import { idParam } from '../http/params';
import { pageQuery } from '../http/paging';
import { isSafeLink } from './link';
import { NOTIFICATION_BODY_MAX_CHARS, NOTIFICATION_TITLE_MAX_CHARS } from './limits';
import {
  listNotifications,
  listSentNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  sendNotification,
} from './service';

const notificationSchema = z.object({
  recipientId: z
    .number({ error: 'Destinataire requis.' })
    .int()
    .positive()
    .max(Number.MAX_SAFE_INTEGER),
  kind: z.enum(STAFF_NOTIFICATION_KINDS, { error: 'Type inconnu.' }),
  title: requiredText('Titre', NOTIFICATION_TITLE_MAX_CHARS),
  body: requiredText('Texte', NOTIFICATION_BODY_MAX_CHARS, { multiline: true }),
  // Checked against APP_URL's origin in the handler (the schema cannot see the config).
  link: z
    .string({ error: 'Lien : texte attendu.' })
    .trim()
    .nullish()
    .transform((v) => v || null), // an empty field means no link
});

/**
 * /api/notifications. Sending: advisors (their own clients) and the director (any
 * client); an unknown recipient or one who is not a client → 404, another
 * advisor's client → 403. Reading: each user their own only.
 */
export const notificationRoutes = new Hono<AppEnv>()
  .get('/', requireUser, validate('query', pageQuery), async (c) =>
    c.json(await listNotifications(c.var.platform, c.var.user, c.req.valid('query'))),
  )
  .get('/sent', requireRole('advisor', 'director'), validate('query', pageQuery), async (c) =>
    c.json(await listSentNotifications(c.var.platform, c.var.user, c.req.valid('query'))),
  )
  .post(
    '/',
    requireRole('advisor', 'director'),
    validate('json', notificationSchema),
    async (c) => {
      const input = c.req.valid('json');
      if (input.link && !isSafeLink(input.link, c.var.platform.config.appUrl.origin))
        return fail(c, 400, 'validation_failed', undefined, {
          link: 'Lien : un chemin du site (/…) ou une adresse https de l’application.',
        });
      const result = await sendNotification(c.var.platform, c.var.user, input);
      if (result.ok) return c.json({ notification: result.notification }, 201);
      if (result.reason === 'rate_limited')
        return tooMany(c, result.retryAfterMs, 'Trop de notifications envoyées. Patientez un peu.');
      if (result.reason === 'recipient_limited')
        return tooMany(
          c,
          result.retryAfterMs,
          'Ce client a reçu trop de notifications récemment. Réessayez plus tard.',
        );
      return fail(c, result.reason === 'forbidden' ? 403 : 404, result.reason);
    },
  )
  .post('/read-all', requireUser, async (c) => {
    await markAllNotificationsRead(c.var.platform, c.var.user);
    return c.body(null, 204);
  })
  .post('/:id/read', requireUser, validate('param', idParam), async (c) => {
    const found = await markNotificationRead(c.var.platform, c.var.user, c.req.valid('param').id);
    return found ? c.body(null, 204) : fail(c, 404, 'not_found');
  });
