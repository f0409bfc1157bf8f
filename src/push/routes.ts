import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { requireUser } from '../http/middleware';
import { hitLimit, tooMany } from '../http/limits';
import {
  MAX_ENDPOINT_LENGTH,
  isAllowedPushEndpoint,
  isValidAuthSecret,
  isValidP256dh,
} from './endpoint';
import { deleteSubscription, saveSubscription } from './subscriptions';
import { ensureVapidKeys } from './vapid';

const endpoint = z
  .string({ error: 'Adresse requise.' })
  .min(1, 'Adresse requise.')
  .max(MAX_ENDPOINT_LENGTH);

const subscribeSchema = z.object({
  endpoint,
  keys: z.object(
    {
      p256dh: z
        .string({ error: 'Clé p256dh requise.' })
        .max(200)
        .refine(isValidP256dh, 'Clé p256dh invalide.'),
      auth: z
        .string({ error: 'Clé auth requise.' })
        .max(100)
        .refine(isValidAuthSecret, 'Clé auth invalide.'),
    },
    { error: 'Clés requises.' },
  ),
});

/** /api/push: the VAPID public key, and the caller's browser subscriptions. */
export const pushRoutes = new Hono<AppEnv>()
  .get('/public-key', async (c) =>
    c.json({ publicKey: (await ensureVapidKeys(c.var.platform)).publicKey }),
  )
  .post('/subscriptions', requireUser, validate('json', subscribeSchema), async (c) => {
    const p = c.var.platform;
    const input = c.req.valid('json');
    if (!isAllowedPushEndpoint(input.endpoint, p.config.pushAllowedOrigins)) {
      return fail(c, 400, 'validation_failed', undefined, {
        endpoint: 'Service de notification non reconnu.',
      });
    }
    const limit = hitLimit(p, 'pushSubscriptions', c.var.user.id);
    if (!limit.ok)
      return tooMany(
        c,
        limit.retryAfterMs,
        'Trop d’abonnements aux notifications. Réessayez plus tard.',
      );
    const subscription = await saveSubscription(p, c.var.user, input);
    return c.json({ subscription }, 201);
  })
  .delete('/subscriptions', requireUser, validate('json', z.object({ endpoint })), async (c) => {
    await deleteSubscription(c.var.platform, c.var.user, c.req.valid('json').endpoint);
    return c.body(null, 204);
  });
