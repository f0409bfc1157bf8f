import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { loopbackOnly } from '../http/middleware';
import { listDevMails } from './mailer';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const linkify = (s: string) =>
  escapeHtml(s).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);

/**
 * The dev mailbox: only when no SMTP_URL is set and NODE_ENV is not production,
 * and only to clients on this machine (its links sign people in).
 */
export const devMailboxRoutes = new Hono<AppEnv>()
  .use(loopbackOnly((p) => p.config.devMailbox))
  .get('/mailbox.json', async (c) => {
    const mails = await listDevMails(c.var.platform.db);
    return c.json({
      items: mails.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
    });
  })
  .get('/mailbox', async (c) => {
    const mails = await listDevMails(c.var.platform.db);
    const items = mails
      .map(
        (m) => `<article><h2>${escapeHtml(m.subject)}</h2>
<p class="meta">À : ${escapeHtml(m.to)} — ${m.createdAt.toLocaleString('fr-FR', { timeZone: 'Europe/Paris' })}</p>
<pre>${linkify(m.text)}</pre></article>`,
      )
      .join('\n');
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    );
    return c.html(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Boîte de réception de développement — AVENIR</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:760px;margin:2rem auto;padding:0 1rem;color:#0f1f3d}
article{border:1px solid #cdd5e0;border-radius:8px;padding:1rem;margin:1rem 0}h2{font-size:1.1rem;margin:0}
.meta{color:#4a5568;font-size:.9rem}pre{white-space:pre-wrap;font-family:inherit}a{color:#0b3d91}</style></head>
<body><h1>Boîte de réception de développement</h1>
<p>Les e-mails envoyés par AVENIR sans serveur SMTP configuré arrivent ici (le plus récent en premier).</p>
${items || '<p>Aucun e-mail pour le moment.</p>'}</body></html>`);
  });
