import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { requireRole, requireUser } from '../http/middleware';
import { tooMany } from '../http/limits';
import { readInputSchema, sendInputSchema } from './frames';
import {
  listConversations,
  listMessages,
  listSupervisedConversations,
  markRead,
  sendMessage,
} from './service';

export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 50;

const digits = (label: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, `${label} : entier attendu.`)
    .transform(Number);

const pageQuery = z
  .object({
    before: digits('before').pipe(z.number().min(1, 'before : entier positif attendu.')).optional(),
    after: digits('after').optional(),
    limit: digits('limit')
      .pipe(z.number().min(1, 'limit : au moins 1.').max(MAX_PAGE, `limit : au plus ${MAX_PAGE}.`))
      .optional(),
  })
  .refine((q) => q.before === undefined || q.after === undefined, {
    message: 'before ou after, pas les deux.',
    path: ['before'],
  });

/** A path id, or null for anything that is not one (answered 404 like an unknown id). */
function conversationId(raw: string): number | null {
  return /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : null;
}

export const conversationRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', async (c) => c.json({ items: await listConversations(c.var.platform, c.var.user!.id) }))
  // Addition to API.md: the director's read-only supervision of every client conversation.
  .get('/supervision', requireRole('director'), async (c) =>
    c.json({ items: await listSupervisedConversations(c.var.platform, c.var.user!) }),
  )
  .get('/:id/messages', validate('query', pageQuery), async (c) => {
    const id = conversationId(c.req.param('id'));
    if (id === null) return fail(c, 404, 'not_found');
    const q = c.req.valid('query');
    const page = await listMessages(c.var.platform, c.var.user!, id, {
      ...q,
      limit: q.limit ?? DEFAULT_PAGE,
    });
    if (!page) return fail(c, 404, 'not_found');
    return c.json(page);
  })
  .post('/:id/messages', validate('json', sendInputSchema), async (c) => {
    const id = conversationId(c.req.param('id'));
    if (id === null) return fail(c, 404, 'not_found');
    const result = await sendMessage(c.var.platform, c.var.user!, id, c.req.valid('json'));
    if (result.ok) return c.json({ message: result.message }, 201);
    if (result.reason === 'not_member') return fail(c, 404, 'not_found');
    if (result.reason === 'rate_limited')
      return tooMany(
        c,
        result.retryAfterMs,
        'Trop de messages envoyés. Patientez quelques secondes.',
      );
    return fail(c, 400, 'validation_failed', undefined, {
      clientId: 'clientId déjà utilisé dans cette conversation.',
    });
  })
  .post('/:id/read', validate('json', readInputSchema), async (c) => {
    const id = conversationId(c.req.param('id'));
    if (id === null) return fail(c, 404, 'not_found');
    const result = await markRead(c.var.platform, c.var.user!, id, c.req.valid('json').messageId);
    if (result === 'not_member') return fail(c, 404, 'not_found');
    if (result === 'unknown_message') {
      return fail(c, 400, 'validation_failed', undefined, {
        messageId: 'Ce message n’appartient pas à cette conversation.',
      });
    }
    return c.body(null, 204);
  });

/** The routes' types, for the client's typed `hc` calls (type-only: nothing of the server is bundled). */
export type ConversationRoutes = typeof conversationRoutes;
