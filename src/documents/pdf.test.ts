import { describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { toWinAnsi } from './pdf';
import { renderStatement, statementTotals, type StatementFacts } from './render';
import { centsOf, pdfStrings } from './testing/pdf-text';

const facts = (lines: number): StatementFacts => ({
  account: {
    label: 'Compte courant',
    iban: 'FR7630077000010000000000138',
    holder: { name: 'Zoë Lefèvre', addressLines: ['3 rue de l’Église', '69001 Lyon'] },
  },
  month: '2026-02',
  openingCents: 10_000,
  lines: Array.from({ length: lines }, (_, i) => ({
    date: new Date(Date.UTC(2026, 1, 1 + (i % 28), 10)),
    label: i % 3 ? `Café « Le Cœur » n°${i}` : 'Salaire',
    counterparty: i % 3 ? 'Brasserie Noël' : 'Employeur 🚀 SAS',
    amountCents: i % 3 ? -(i * 7 + 1) : 150_000,
  })),
  issuedAt: new Date('2026-02-28T23:00:00Z'),
});

describe('PDF writing', () => {
  it('keeps French and WinAnsi, replaces the rest', () => {
    expect(toWinAnsi('Zoë, « été » 12 €, œuvre — n°1')).toBe('Zoë, « été » 12 €, œuvre — n°1');
    expect(toWinAnsi('a\u202fb\u00a0c\td')).toBe('a b c d');
    expect(toWinAnsi('ok ✓ 😀 Ș Д')).toBe('ok   S ?');
  });

  it('is deterministic: the same facts give the same bytes', async () => {
    const a = await renderStatement(facts(5));
    const b = await renderStatement(facts(5));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const doc = await PDFDocument.load(a, { updateMetadata: false });
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(doc.getTitle()).toBe('Relevé de compte - février 2026');
    const [page] = doc.getPages();
    expect([Math.round(page.getWidth()), Math.round(page.getHeight())]).toEqual([595, 842]); // A4
  });

  it('runs over pages: titles repeated, every page numbered, totals right', async () => {
    const f = facts(130);
    const bytes = await renderStatement(f);
    const doc = await PDFDocument.load(bytes);
    const pages = doc.getPageCount();
    expect(pages).toBeGreaterThanOrEqual(3);
    const s = pdfStrings(bytes);
    for (let i = 1; i <= pages; i++) expect(s).toContain(`Page ${i} / ${pages}`);
    expect(s.filter((t) => t === 'Débit')).toHaveLength(pages);
    expect(s).toContain('Salaire - Employeur  SAS');
    const totals = statementTotals(f);
    const i = s.indexOf('Total des opérations');
    expect([centsOf(s[i + 1]), centsOf(s[i + 2])]).toEqual([totals.debits, totals.credits]);
    expect(centsOf(s[s.indexOf('Solde à la fin du mois') + 1])).toBe(totals.closing);
    expect(s).toContain('69001 Lyon');
  });
});
