/**
 * Reads back the text a PDF of ours draws (tests): every string shown by `Tj`,
 * in drawing order, decoded from WinAnsi. Enough for pdf-lib's output (hex
 * strings in Flate-compressed content streams), not a general PDF parser.
 */
import { inflateSync } from 'node:zlib';

const WIN_ANSI_HIGH: Record<number, string> = {
  0x80: '€',
  0x82: '‚',
  0x83: 'ƒ',
  0x84: '„',
  0x85: '…',
  0x86: '†',
  0x87: '‡',
  0x88: 'ˆ',
  0x89: '‰',
  0x8a: 'Š',
  0x8b: '‹',
  0x8c: 'Œ',
  0x8e: 'Ž',
  0x91: '‘',
  0x92: '’',
  0x93: '“',
  0x94: '”',
  0x95: '•',
  0x96: '–',
  0x97: '—',
  0x98: '˜',
  0x99: '™',
  0x9a: 'š',
  0x9b: '›',
  0x9c: 'œ',
  0x9e: 'ž',
  0x9f: 'Ÿ',
};

const decode = (hex: string) =>
  (hex.match(/../g) ?? [])
    .map((h) => parseInt(h, 16))
    .map((b) => WIN_ANSI_HIGH[b] ?? String.fromCharCode(b))
    .join('');

export function pdfStrings(pdf: Uint8Array): string[] {
  const bin = Buffer.from(pdf).toString('latin1');
  const out: string[] = [];
  const streams = /\/Filter \/FlateDecode[^]*?>>\s*stream\r?\n/g;
  for (let m = streams.exec(bin); m; m = streams.exec(bin)) {
    const start = m.index + m[0].length;
    const end = bin.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(Buffer.from(bin.slice(start, end), 'latin1')).toString('latin1');
    } catch {
      continue; // not a content stream we can read (fonts are not compressed this way)
    }
    for (const t of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) out.push(decode(t[1]));
  }
  return out;
}

/** « 1 234,56 € » → 123456. */
export const centsOf = (text: string) => {
  const m = /(-?)([\d ]+),(\d\d) €/.exec(text);
  if (!m) throw new Error(`no amount in « ${text} »`);
  return (m[1] ? -1 : 1) * Number(m[2].replace(/ /g, '') + m[3]);
};
