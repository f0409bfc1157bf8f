import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';
import { checkingOf, download, sha } from './testing/http';
import { expectLedgerOk } from '../market/test-kit';
import { centsOf, pdfStrings } from './testing/pdf-text';
import { issueDueDocuments, issueDocumentsOf } from './schedule';
import { countDocuments } from './service';
import { users } from '../db/schema';
import { eq, sql } from 'drizzle-orm';
import { parisMonth } from '../ledger/paris-time';

let app: TestApp;
let c1: Agent;
let c2: Agent;
beforeAll(async () => {
  // Eight clients: more than the first advisor's three.
  app = await startTestApp({ SEED_CLIENTS: '8' });
  c1 = await app.login('client1@avenir.test');
  c2 = await app.login('client2@avenir.test');
});
afterAll(() => app?.stop());

/** The figures a statement prints, read back from the PDF's text. */
function statementFigures(bytes: Uint8Array) {
  const s = pdfStrings(bytes);
  const after = (label: string, n = 1) => s.slice(s.indexOf(label) + 1, s.indexOf(label) + 1 + n);
  const [debits, credits] = after('Total des opérations', 2).map(centsOf);
  const lines = s.slice(s.indexOf('Solde au début du mois') + 2, s.indexOf('Total des opérations'));
  return {
    opening: centsOf(after('Solde au début du mois')[0]),
    debits,
    credits,
    closing: centsOf(after('Solde à la fin du mois')[0]),
    operations: lines.filter((t) => /^\d\d\/\d\d\/\d{4}$/.test(t)).length,
  };
}

describe('statements', () => {
  it('three months per account for a fixture client, whose figures are the ledger’s', async () => {
    const checking = await checkingOf(c1);
    const list = await c1.get(`/api/documents?kind=statement&accountId=${checking.id}`);
    expect(list.status).toBe(200);
    const items = list.body.items;
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.every((d: any) => d.kind === 'statement' && d.accountId === checking.id)).toBe(
      true,
    );
    // Newest first, one per month, consecutive.
    const periods = items.map((d: any) => d.period);
    expect(new Set(periods).size).toBe(periods.length);
    expect([...periods].sort().reverse()).toEqual(periods);

    let nextOpening: number | null = null;
    for (const d of items) {
      const { bytes } = await download(c1, `/api/documents/${d.id}`);
      const pdf = statementFigures(bytes);
      const ledger = (await c1.get(`/api/accounts/${checking.id}/statements/${d.period}`)).body;
      const amounts = ledger.operations.map((o: any) => o.amountCents);
      expect(pdf).toEqual({
        opening: ledger.openingBalanceCents,
        debits: amounts.filter((x: number) => x < 0).reduce((a: number, b: number) => a - b, 0),
        credits: amounts.filter((x: number) => x > 0).reduce((a: number, b: number) => a + b, 0),
        closing: ledger.closingBalanceCents,
        operations: ledger.operations.length,
      });
      expect(pdf.opening - pdf.debits + pdf.credits).toBe(pdf.closing);
      // Newest first: this month's closing is the next month's opening.
      if (nextOpening !== null) expect(pdf.closing).toBe(nextOpening);
      nextOpening = pdf.opening;
    }
    expectLedgerOk(app);
    // Months before the seed are history: issued without a notification.
    const notices = (await c1.get('/api/notifications')).body.items;
    expect(notices.filter((n: any) => n.kind === 'document' && n.sender === null)).toEqual([]);
  });

  it('prints the holder, the IBAN, the BIC and page numbers, in French', async () => {
    const [d] = (await c1.get('/api/documents?kind=statement')).body.items;
    const { bytes } = await download(c1, `/api/documents/${d.id}`);
    const text = pdfStrings(bytes).join('\n');
    expect(text).toContain(`${c1.user.firstName} ${c1.user.lastName}`);
    expect(text).toMatch(/FR76 3007 7\d{3} \d{4} \d{4} \d{4} \d{3}/);
    expect(text).toContain('AVNRFRPPXXX');
    expect(text).toMatch(/Page 1 \/ \d+/);
    expect(text).toContain('Relevé de compte');
    expect(text).toContain('Crédit');
  });
});

describe('immutability', () => {
  it('the same bytes every time, matching the recorded SHA-256 and size', async () => {
    const items = (await c1.get('/api/documents')).body.items;
    expect(items.length).toBeGreaterThan(3);
    for (const d of items.slice(0, 4)) {
      const a = await download(c1, `/api/documents/${d.id}`);
      const b = await download(c1, `/api/documents/${d.id}`);
      expect(a.res.status).toBe(200);
      expect(a.res.headers.get('content-type')).toBe('application/pdf');
      expect(a.res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.pdf"$/);
      expect(Buffer.from(a.bytes).subarray(0, 5).toString()).toBe('%PDF-');
      expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
      expect(sha(a.bytes)).toBe(d.sha256);
      expect(a.bytes.length).toBe(d.sizeBytes);
    }
  });

  it('issuing again, from the schedule or several requests at once, adds nothing', async () => {
    await issueDueDocuments(app.platform, 1000); // everything due is issued (the start's sweep too)
    const before = (await c1.get('/api/documents')).body.items;
    const total = countDocuments(app.platform.db);
    await issueDueDocuments(app.platform, 1000);
    const c1Row = app.platform.db
      .select()
      .from(users)
      .where(eq(users.email, 'client1@avenir.test'))
      .get()!;
    await issueDocumentsOf(app.platform, c1Row);
    expect(countDocuments(app.platform.db)).toBe(total);
    expect((await c1.get('/api/documents')).body.items).toEqual(before);

    // A new month for client7 only (not issued at seeding): three lists at once issue it once.
    const c7 = await app.login('client7@avenir.test');
    app.platform.db.run(sql`delete from documents where user_id = ${c7.user.id}`);
    const lists = await Promise.all([1, 2, 3].map(() => c7.get('/api/documents')));
    const ids = lists.map((l) => l.body.items.map((d: any) => d.id).join());
    expect(new Set(ids).size).toBe(1);
    expect(
      lists[0].body.items.filter((d: any) => d.kind === 'statement').length,
    ).toBeGreaterThanOrEqual(3);
    expect(lists[0].body.items.filter((d: any) => d.kind === 'rib')).toHaveLength(1);
  });
});

describe('authorization', () => {
  it('someone else’s document is 404; staff see only their clients’', async () => {
    const [d] = (await c1.get('/api/documents')).body.items;
    expect((await c2.get(`/api/documents/${d.id}`)).status).toBe(404);
    expect((await c2.get('/api/documents/999999')).status).toBe(404);
    expect((await c2.get('/api/documents/abc')).status).toBe(404);
    expect((await app.anon().get(`/api/documents/${d.id}`)).status).toBe(401);
    expect((await app.anon().get('/api/documents')).status).toBe(401);

    const mine = (await c1.get('/api/documents')).body.items;
    const advisor = await app.login('conseiller1@avenir.test'); // clients 1–3 (of 8: 1–4)
    const other = await app.login('conseiller2@avenir.test');
    const director = await app.login('directeur@avenir.test');
    const seen = await advisor.get(`/api/clients/${c1.user.id}/documents`);
    expect(seen.status).toBe(200);
    expect(seen.body.items).toEqual(mine);
    const file = await download(advisor, `/api/clients/${c1.user.id}/documents/${d.id}`);
    expect(sha(file.bytes)).toBe(d.sha256);
    expect((await director.get(`/api/clients/${c1.user.id}/documents`)).body.items).toEqual(mine);
    expect((await other.get(`/api/clients/${c1.user.id}/documents`)).status).toBe(404);
    expect((await other.get(`/api/clients/${c1.user.id}/documents/${d.id}`)).status).toBe(404);
    expect((await c2.get(`/api/clients/${c1.user.id}/documents`)).status).toBe(404);
    // A document of client1 through client2's file is not found either.
    expect((await director.get(`/api/clients/${c2.user.id}/documents/${d.id}`)).status).toBe(404);
  });

  it('rejects a filter the contract does not name', async () => {
    const bad = await c1.get('/api/documents?kind=invoice');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect((await c1.get('/api/documents?accountId=-1')).status).toBe(400);
    const none = await c2.get(`/api/documents?accountId=${(await checkingOf(c1)).id}`);
    expect(none.body.items).toEqual([]);
  });
});

describe('issued on the 1st', () => {
  it('the new month’s statements and the Livret’s yearly interest statement arrive live', async () => {
    const c3 = await app.login('client3@avenir.test');
    const sse = await c3.sse();
    const sse1 = await c1.sse();
    const now = new Date((await c1.get('/dev/clock')).body.now);
    // To 2 January next year, Paris: this month's statements and last year's interest are due.
    const target = Date.UTC(now.getUTCFullYear() + 1, 0, 2, 12);
    const days = Math.ceil((target - now.getTime()) / 86_400_000);
    expect((await c1.post('/dev/clock', { advanceDays: days })).status).toBe(200);
    const month = new Date(now.getTime()).toISOString().slice(0, 7);

    const created = await sse.next(
      (e) => e.event === 'document.created' && e.data.document.period === month,
    );
    expect(created.data.document).toMatchObject({ kind: 'statement', period: month });
    const notice = await sse.next((e) => e.event === 'notification' && e.data.kind === 'document');
    expect(notice.data.link).toBe('/documents');
    const listed = (await c3.get('/api/documents?kind=statement')).body.items[0];
    expect(listed).toEqual(created.data.document);

    const interest = await sse1.next(
      (e) => e.event === 'document.created' && e.data.document.kind === 'interest_statement',
    );
    const year = month.slice(0, 4);
    const { bytes } = await download(c1, `/api/documents/${interest.data.document.id}`);
    const strings = pdfStrings(bytes);
    const printed = centsOf(strings[strings.indexOf(`Intérêts crédités en ${year}`) + 1]);
    const { start } = parisMonth(`${year}-01`)!;
    const { end } = parisMonth(`${year}-12`)!;
    const credited = app.platform.db.get<{ s: number }>(sql`
      select coalesce(sum(p.amount), 0) as s from postings p join operations o on o.id = p.operation_id
      where o.kind = 'interest' and p.account_id = ${interest.data.document.accountId}
        and p.created_at >= ${start.getTime()} and p.created_at < ${end.getTime()}`).s;
    expect(credited).toBeGreaterThan(0);
    expect(printed).toBe(credited);
    // Once per (account, month): another sweep finds nothing.
    const total = countDocuments(app.platform.db);
    await issueDueDocuments(app.platform, 1000);
    expect(countDocuments(app.platform.db)).toBe(total);
    await sse.close();
    await sse1.close();
  });
});
