import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { hitLimit, tooMany } from '../http/limits';
import { requiredText } from '../http/text';
import { pageQuery } from '../http/paging';
import { listNotifications } from '../notifications/service';
import { listOrders } from '../market/orders';
import { listSchedules } from '../transfers/scheduled';
import { findClientProfile } from '../users/profile';
import { eq } from 'drizzle-orm';
import { conversations, type User } from '../db/schema';
import { findClientWithFigures } from './service';
import { visibleClient } from './guard';
import { NOTE_MAX_CHARS } from './limits';
import { addNote, listNotes } from './notes';

const noteSchema = z.object({ body: requiredText('Note', NOTE_MAX_CHARS, { multiline: true }) });
const ordersQuery = z.object({ status: z.enum(['open', 'all']).optional() });

type FileEnv = AppEnv & { Variables: { client: User } };

/** Puts the client named by `:id` on c.var, or answers 404 (401 without a session). */
const withClient = createMiddleware<FileEnv>(async (c, next) => {
  if (!c.var.user) return fail(c, 401, 'unauthenticated');
  const client = visibleClient(c);
  if (!client) return fail(c, 404, 'not_found');
  c.set('client', client);
  return next();
});

/**
 * The advisor's client file (additions to API.md), under /api/clients/:id:
 * the file itself, « Notes internes », orders, notifications received. The
 * client's advisor or the director; anyone else → 404, clients included.
 */
export const clientFileRoutes = new Hono<FileEnv>()
  .get('/:id', withClient, async (c) => {
    const client = c.var.client;
    const db = c.var.platform.db;
    const item = await findClientWithFigures(c.var.platform, client.id);
    const conversation = db
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.clientId, client.id))
      .get();
    return c.json({
      client: {
        ...item,
        ...(findClientProfile(c.var.platform.db, client.id) ?? {}),
        createdAt: client.createdAt.toISOString(),
      },
      conversationId: conversation?.id ?? null,
    });
  })
  .get('/:id/notes', withClient, validate('query', pageQuery), (c) => {
    const client = c.var.client;
    return c.json(listNotes(c.var.platform, client.id, c.req.valid('query')));
  })
  .post('/:id/notes', withClient, validate('json', noteSchema), (c) => {
    const client = c.var.client;
    const limit = hitLimit(c.var.platform, 'staffNotes', c.var.user!.id);
    if (!limit.ok) return tooMany(c, limit.retryAfterMs, 'Trop de notes en peu de temps.');
    const note = addNote(c.var.platform, c.var.user!, client.id, c.req.valid('json').body);
    return c.json({ note }, 201);
  })
  .get('/:id/orders', withClient, validate('query', ordersQuery), (c) => {
    const client = c.var.client;
    return c.json({
      items: listOrders(c.var.platform.db, client.id, c.req.valid('query').status ?? 'all'),
    });
  })
  .get('/:id/transfers/scheduled', withClient, (c) =>
    c.json({ items: listSchedules(c.var.platform.db, c.var.client.id) }),
  )
  .get('/:id/notifications', withClient, validate('query', pageQuery), async (c) => {
    const client = c.var.client;
    const { items, hasMore } = await listNotifications(
      c.var.platform,
      client,
      c.req.valid('query'),
    );
    return c.json({ items, hasMore });
  });
