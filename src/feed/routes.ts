import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { validate } from '../http/errors';
import { requiredText } from '../http/text';
import { requireRole, requireUser } from '../http/middleware';
import { hitLimit, tooMany } from '../http/limits';
import { listNews, publishNews } from './news';
import { pageQuery } from '../http/paging';
import { NEWS_BODY_MAX_CHARS, NEWS_TITLE_MAX_CHARS } from './limits';

const newsSchema = z.object({
  title: requiredText('Titre', NEWS_TITLE_MAX_CHARS),
  body: requiredText('Texte', NEWS_BODY_MAX_CHARS, { multiline: true }),
});

/** GET/POST /api/news: everyone signed in reads; advisors and the director publish (LIMITS.newsPosts). */
export const newsRoutes = new Hono<AppEnv>()
  .get('/', requireUser, validate('query', pageQuery), async (c) =>
    c.json(await listNews(c.var.platform, c.req.valid('query'))),
  )
  .post('/', requireRole('advisor', 'director'), validate('json', newsSchema), async (c) => {
    const limit = hitLimit(c.var.platform, 'newsPosts', c.var.user.id);
    if (!limit.ok)
      return tooMany(c, limit.retryAfterMs, 'Trop d’actualités publiées. Réessayez plus tard.');
    const news = await publishNews(c.var.platform, c.var.user, c.req.valid('json'));
    return c.json({ news }, 201);
  });
