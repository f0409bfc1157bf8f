import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env';
import { fail } from './errors';

/** Refuses a request without a 1–64 character Idempotency-Key header. */
export const requireIdempotencyKey = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header('idempotency-key');
  if (!key || key.length > 64)
    return fail(
      c,
      400,
      'validation_failed',
      'En-tête Idempotency-Key requis (1 à 64 caractères).',
      {
        'Idempotency-Key': 'Requis, de 1 à 64 caractères.',
      },
    );
  return next();
});
