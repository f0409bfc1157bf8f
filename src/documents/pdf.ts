/**
 * A small A4 writer over pdf-lib (pure JS: the same code on Node and Workers).
 * The standard fonts speak WinAnsi, which covers French (accents, œ, « », €);
 * anything else is replaced before drawing. Output is deterministic: no
 * pdf-lib "now" in the metadata, the dates are the document's issue date, and
 * no trailer /ID, so the same inputs always give the same bytes.
 */
import type { PDFFont, PDFPage } from 'pdf-lib';

// pdf-lib is ~0.7 MB of code: loaded at the first document, not by every server start.
// It is CommonJS: the server bundle's dynamic import gives its exports as `default` only.
type PdfLib = typeof import('pdf-lib');
let library: Promise<PdfLib> | undefined;
const loadPdfLib = () =>
  (library ??= import('pdf-lib').then((m) => (m as unknown as { default?: PdfLib }).default ?? m));

export const A4 = { width: 595.28, height: 841.89 } as const;
const MARGIN = 48;
const FOOTER = 40;

/** WinAnsi has these beyond Latin-1 (pdf-lib's encoder accepts exactly these). */
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

/** Keeps what WinAnsi can draw: spaces of every kind become plain ones, accents outside it fall back to their letter, other letters to « ? », symbols and emoji go. */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (/\s/u.test(ch)) out += ' ';
    else if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) out += ch;
    else if (WIN_ANSI_EXTRA.includes(ch)) out += ch;
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      if (base && base !== ch && base.codePointAt(0)! < 0x7f) out += base;
      else if (/\p{L}|\p{N}/u.test(ch)) out += '?'; // a letter we cannot draw: show that one is missing
      // symbols and emoji are dropped
    }
  }
  return out;
}

export type Align = 'left' | 'right';
export type Cell = { text: string; x: number; width?: number; align?: Align; bold?: boolean };

export type PdfMeta = { title: string; subject: string; issuedAt: Date };

/** Builds one document; `header` is drawn on every page, page numbers at the end. */
export async function createPdf(meta: PdfMeta) {
  const { PDFDocument, StandardFonts, rgb } = await loadPdfLib();
  const ink = rgb(0.1, 0.12, 0.16);
  const muted = rgb(0.38, 0.42, 0.48);
  const brand = rgb(0.05, 0.3, 0.55);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(toWinAnsi(meta.title));
  doc.setSubject(toWinAnsi(meta.subject));
  doc.setAuthor('AVENIR');
  doc.setCreator('AVENIR');
  doc.setProducer('AVENIR');
  doc.setCreationDate(meta.issuedAt);
  doc.setModificationDate(meta.issuedAt);
  doc.setLanguage('fr-FR');
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page!: PDFPage;
  let y = 0;

  const newPage = () => {
    page = doc.addPage([A4.width, A4.height]);
    y = A4.height - MARGIN;
    page.drawText('AVENIR', { x: MARGIN, y: y - 14, size: 18, font: bold, color: brand });
    page.drawText(toWinAnsi(meta.title), {
      x: A4.width - MARGIN - bold.widthOfTextAtSize(toWinAnsi(meta.title), 10),
      y: y - 10,
      size: 10,
      font: bold,
      color: muted,
    });
    y -= 40;
  };
  newPage();

  const fontOf = (b?: boolean): PDFFont => (b ? bold : regular);

  /** Cuts `text` so it fits `width` at `size` (long labels end with « … »). */
  const fit = (text: string, width: number, size: number, b?: boolean) => {
    let t = toWinAnsi(text);
    const f = fontOf(b);
    if (f.widthOfTextAtSize(t, size) <= width) return t;
    while (t.length > 1 && f.widthOfTextAtSize(t + '…', size) > width) t = t.slice(0, -1);
    return t + '…';
  };

  const w = {
    left: MARGIN,
    right: A4.width - MARGIN,
    get y() {
      return y;
    },
    /** Starts a new page when fewer than `height` points remain above the footer. */
    ensure(height: number) {
      if (y - height < MARGIN + FOOTER) newPage();
    },
    text(text: string, opts: { size?: number; bold?: boolean; muted?: boolean; x?: number } = {}) {
      const size = opts.size ?? 10;
      w.ensure(size + 4);
      page.drawText(fit(text, w.right - (opts.x ?? MARGIN), size, opts.bold), {
        x: opts.x ?? MARGIN,
        y: y - size,
        size,
        font: fontOf(opts.bold),
        color: opts.muted ? muted : ink,
      });
      y -= size + 4;
    },
    /** One line of cells at the current height. */
    row(cells: Cell[], opts: { size?: number; shade?: boolean } = {}) {
      const size = opts.size ?? 9;
      w.ensure(size + 6);
      if (opts.shade)
        page.drawRectangle({
          x: MARGIN,
          y: y - size - 3,
          width: w.right - MARGIN,
          height: size + 6,
          color: rgb(0.93, 0.95, 0.97),
        });
      for (const c of cells) {
        const t = fit(c.text, c.width ?? w.right - c.x, size, c.bold);
        const width = fontOf(c.bold).widthOfTextAtSize(t, size);
        const x = c.align === 'right' ? c.x + (c.width ?? 0) - width : c.x;
        page.drawText(t, { x, y: y - size, size, font: fontOf(c.bold), color: ink });
      }
      y -= size + 6;
    },
    /** « Label : value » pairs, one per line. */
    fields(pairs: [string, string][], labelWidth = 170) {
      for (const [label, value] of pairs) {
        w.ensure(16);
        w.row([
          { text: label, x: MARGIN, width: labelWidth - 8, bold: true },
          { text: value, x: MARGIN + labelWidth },
        ]);
      }
    },
    rule() {
      w.ensure(8);
      page.drawLine({
        start: { x: MARGIN, y: y - 2 },
        end: { x: w.right, y: y - 2 },
        thickness: 0.5,
        color: muted,
      });
      y -= 8;
    },
    space(points: number) {
      y -= points;
    },
    /** Numbers every page, draws the legal footer, and returns the file. */
    async save(): Promise<Uint8Array> {
      const pages = doc.getPages();
      pages.forEach((pg, i) => {
        const label = `Page ${i + 1} / ${pages.length}`;
        pg.drawText(label, {
          x: A4.width - MARGIN - regular.widthOfTextAtSize(label, 8),
          y: MARGIN - 12,
          size: 8,
          font: regular,
          color: muted,
        });
        pg.drawText(toWinAnsi(BANK_FOOTER), {
          x: MARGIN,
          y: MARGIN - 12,
          size: 7,
          font: regular,
          color: muted,
        });
      });
      return doc.save({ useObjectStreams: false });
    },
  };
  return w;
}

export type PdfWriter = Awaited<ReturnType<typeof createPdf>>;

export const BIC = 'AVNRFRPPXXX';
const BANK_FOOTER = 'AVENIR - 12 rue de la Bourse, 75002 Paris - BIC AVNRFRPPXXX';
