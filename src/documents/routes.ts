import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { requireRole, requireUser } from '../http/middleware';
import { users } from '../db/schema';
import { transfers } from '../transfers/schema';
import { staffClientGuard } from '../staff/money-routes';
import { DOCUMENT_KINDS } from './schema';
import { issueDocuments, listDocuments, readDocument, readIssuedBytes } from './service';
import { issueDocumentsOf } from './schedule';
import { receiptPlan, receiptReference } from './plans';

const idOf = (raw: string | undefined) => (raw && /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : 0);

const filterQuery = z.object({
  kind: z
    .enum(DOCUMENT_KINDS, { error: `Un type parmi : ${DOCUMENT_KINDS.join(', ')}.` })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  accountId: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, 'Identifiant de compte invalide.')
    .transform(Number)
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

/** A PDF download: the stored bytes, never cached by a shared cache. */
function pdfResponse(c: Context, bytes: Uint8Array, filename: string) {
  c.header('Content-Type', 'application/pdf');
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  c.header('Cache-Control', 'private, no-store');
  return c.body(bytes as Uint8Array<ArrayBuffer>);
}

const fileName = (title: string, id: number) =>
  `${title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80)}-${id}.pdf`;

/** /api/documents: a client's own documents; what is due is issued before the answer. */
export const documentRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', validate('query', filterQuery), async (c) => {
    const p = c.var.platform;
    if ((await issueDocumentsOf(p, c.var.user)).length) await p.durable();
    return c.json({ items: listDocuments(p.db, c.var.user.id, c.req.valid('query')) });
  })
  .get('/:id', async (c) => {
    const id = idOf(c.req.param('id'));
    const doc = id ? readDocument(c.var.platform.db, c.var.user.id, id) : null;
    if (!doc) return fail(c, 404, 'not_found');
    return pdfResponse(c, doc.bytes, fileName(doc.title, id));
  });

/** GET /api/clients/:id/documents: the client's advisor or the director (anyone else: 404). */
export const staffDocumentRoutes = new Hono<AppEnv>()
  .use('/:id/documents', staffClientGuard)
  .get('/:id/documents', validate('query', filterQuery), async (c) => {
    const p = c.var.platform;
    const client = p.db
      .select()
      .from(users)
      .where(eq(users.id, idOf(c.req.param('id'))))
      .get()!;
    if ((await issueDocumentsOf(p, client)).length) await p.durable();
    return c.json({ items: listDocuments(p.db, client.id, c.req.valid('query')) });
  })
  .use('/:id/documents/:docId', staffClientGuard)
  .get('/:id/documents/:docId', (c) => {
    const id = idOf(c.req.param('docId'));
    const doc = id ? readDocument(c.var.platform.db, idOf(c.req.param('id')), id) : null;
    if (!doc) return fail(c, 404, 'not_found');
    return pdfResponse(c, doc.bytes, fileName(doc.title, id));
  });

/** GET /api/transfers/:id/receipt.pdf: the payer's « Justificatif de virement ». */
export const receiptRoutes = new Hono<AppEnv>()
  .use('/:id/receipt.pdf', requireRole('client'))
  .get('/:id/receipt.pdf', async (c) => {
    const p = c.var.platform;
    const id = idOf(c.req.param('id'));
    const t = id
      ? p.db
          .select()
          .from(transfers)
          .where(and(eq(transfers.id, id), eq(transfers.userId, c.var.user.id)))
          .get()
      : null;
    if (!t) return fail(c, 404, 'not_found');
    const subject = `transfer:${t.id}`;
    let bytes = readIssuedBytes(p.db, 'transfer_receipt', subject);
    if (!bytes) {
      await issueDocuments(p, [receiptPlan(p.db, t, c.var.user)]);
      await p.durable(); // handed out only once it is on disk
      bytes = readIssuedBytes(p.db, 'transfer_receipt', subject)!;
    }
    return pdfResponse(c, bytes, `justificatif-${receiptReference(t.id)}.pdf`);
  });
