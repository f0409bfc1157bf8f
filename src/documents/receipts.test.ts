import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';
import { checkingOf, download, sha } from './testing/http';
import { pdfStrings } from './testing/pdf-text';
import { postTransfer } from '../../test/sca';

let app: TestApp;
let c1: Agent;
let c2: Agent;
beforeAll(async () => {
  app = await startTestApp();
  c1 = await app.login('client1@avenir.test');
  c2 = await app.login('client2@avenir.test');
});
afterAll(() => app?.stop());

describe('transfer receipts', () => {
  it('a « Justificatif de virement » for the payer only, kept as a document', async () => {
    const from = await checkingOf(c2);
    const t = await postTransfer(
      c2,
      {
        fromAccountId: from.id,
        toIban: 'FR7630006000011234567890189',
        amountCents: 4_250,
        label: 'Loyer d’été — « garage » 😀',
        beneficiaryName: 'Zoë Lefèvre',
      },
      { 'Idempotency-Key': `receipt-${Date.now()}` },
    );
    expect(t.status).toBe(201);
    const id = t.body.transfer.id;
    const r = await download(c2, `/api/transfers/${id}/receipt.pdf`);
    expect(r.res.status).toBe(200);
    expect(r.res.headers.get('content-type')).toBe('application/pdf');
    const text = pdfStrings(r.bytes).join('\n');
    for (const s of [
      'Justificatif de virement',
      `VIR-${String(id).padStart(8, '0')}`,
      '42,50 €',
      'Zoë Lefèvre',
      'FR76 3000 6000 0112 3456 7890 189',
      'Loyer d’été — « garage » ',
      'Vérification impossible (autre banque)',
      'Exécuté',
      from.iban.replace(/(.{4})/g, '$1 ').trim(),
    ])
      expect(text).toContain(s);
    expect(text).toMatch(/\d\d\/\d\d\/\d{4} à \d\d:\d\d/);

    const again = await download(c2, `/api/transfers/${id}/receipt.pdf`);
    expect(Buffer.from(again.bytes).equals(Buffer.from(r.bytes))).toBe(true);
    const docs = (await c2.get('/api/documents?kind=transfer_receipt')).body.items;
    const doc = docs.find((d: any) => d.title.includes(`VIR-${String(id).padStart(8, '0')}`));
    expect(doc.sha256).toBe(sha(r.bytes));
    expect((await c1.get(`/api/transfers/${id}/receipt.pdf`)).status).toBe(404);
    expect((await c2.get(`/api/transfers/99999999/receipt.pdf`)).status).toBe(404);
  });
});
