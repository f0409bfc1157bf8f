/**
 * The documents' layouts: pure functions from recorded facts to PDF bytes
 * (nothing here reads the clock or the database).
 */
import { groupIban } from '../accounts/iban';
import { formatEuros } from '../transfers/money-format';
import { BIC, createPdf, type PdfWriter } from './pdf';
import { formatParisDate, formatParisDateTime } from '../ledger/paris-time';

export type Holder = { name: string; addressLines: string[] };
export type AccountFacts = { label: string; iban: string; holder: Holder };
export type StatementLine = {
  date: Date;
  label: string;
  counterparty: string | null;
  amountCents: number;
};

export const dateFr = formatParisDate;
export const dateTimeFr = formatParisDateTime;
const MONTHS =
  'janvier février mars avril mai juin juillet août septembre octobre novembre décembre';
/** '2026-03' → « mars 2026 ». */
export const monthFr = (ym: string) =>
  `${MONTHS.split(' ')[Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`;
/** Signed amounts without a minus sign in the columns: debits and credits have their own. */
const euros = (cents: number) => formatEuros(Math.abs(cents));

function holderBlock(w: PdfWriter, h: Holder) {
  const x = w.right - 220;
  w.text(h.name, { bold: true, x, size: 11 });
  for (const line of h.addressLines) w.text(line, { x });
  w.space(10);
}

function accountBlock(w: PdfWriter, a: AccountFacts) {
  w.fields([
    ['Titulaire', a.holder.name],
    ['Compte', a.label],
    ['IBAN', groupIban(a.iban)],
    ['BIC', BIC],
  ]);
}

export type StatementFacts = {
  account: AccountFacts;
  month: string;
  openingCents: number;
  lines: StatementLine[];
  issuedAt: Date;
};

/** Totals as the statement prints them: closing = opening − debits + credits. */
export function statementTotals(s: Pick<StatementFacts, 'openingCents' | 'lines'>) {
  const debits = s.lines.reduce((t, l) => t + (l.amountCents < 0 ? -l.amountCents : 0), 0);
  const credits = s.lines.reduce((t, l) => t + (l.amountCents > 0 ? l.amountCents : 0), 0);
  return { debits, credits, closing: s.openingCents - debits + credits };
}

export async function renderStatement(s: StatementFacts): Promise<Uint8Array> {
  const title = `Relevé de compte - ${monthFr(s.month)}`;
  const w = await createPdf({ title, subject: groupIban(s.account.iban), issuedAt: s.issuedAt });
  holderBlock(w, s.account.holder);
  w.text(`Relevé de compte - ${monthFr(s.month)}`, { size: 16, bold: true });
  w.text(`Émis le ${dateFr(s.issuedAt)}`, { muted: true });
  w.space(6);
  accountBlock(w, s.account);
  w.space(8);
  const col = { date: w.left, label: w.left + 62, debit: w.right - 170, credit: w.right - 80 };
  const header = () =>
    w.row(
      [
        { text: 'Date', x: col.date, bold: true },
        { text: 'Opération', x: col.label, width: 250, bold: true },
        { text: 'Débit', x: col.debit, width: 80, align: 'right', bold: true },
        { text: 'Crédit', x: col.credit, width: 80, align: 'right', bold: true },
      ],
      { shade: true },
    );
  header();
  const { debits, credits, closing } = statementTotals(s);
  w.row([
    { text: `Solde au début du mois`, x: col.label, width: 250, bold: true },
    {
      text: euros(s.openingCents),
      x: s.openingCents < 0 ? col.debit : col.credit,
      width: 80,
      align: 'right',
      bold: true,
    },
  ]);
  for (const l of s.lines) {
    const y = w.y;
    w.ensure(15);
    if (w.y > y) header(); // a new page began: repeat the column titles
    const label = l.counterparty ? `${l.label} - ${l.counterparty}` : l.label;
    w.row([
      { text: dateFr(l.date), x: col.date },
      { text: label, x: col.label, width: col.debit - col.label - 8 },
      {
        text: euros(l.amountCents),
        x: l.amountCents < 0 ? col.debit : col.credit,
        width: 80,
        align: 'right',
      },
    ]);
  }
  if (s.lines.length === 0) w.row([{ text: 'Aucune opération ce mois-ci.', x: col.label }]);
  w.rule();
  w.row([
    { text: 'Total des opérations', x: col.label, bold: true },
    { text: euros(debits), x: col.debit, width: 80, align: 'right', bold: true },
    { text: euros(credits), x: col.credit, width: 80, align: 'right', bold: true },
  ]);
  w.row(
    [
      { text: 'Solde à la fin du mois', x: col.label, bold: true },
      {
        text: euros(closing),
        x: closing < 0 ? col.debit : col.credit,
        width: 80,
        align: 'right',
        bold: true,
      },
    ],
    { shade: true },
  );
  w.space(12);
  w.text(
    'Sauf erreur ou omission. Toute réclamation doit être adressée à votre conseiller dans les deux mois.',
    { size: 8, muted: true },
  );
  return w.save();
}

export async function renderRib(a: AccountFacts & { issuedAt: Date }): Promise<Uint8Array> {
  const w = await createPdf({
    title: 'Relevé d’identité bancaire',
    subject: a.iban,
    issuedAt: a.issuedAt,
  });
  holderBlock(w, a.holder);
  w.text('Relevé d’identité bancaire (RIB)', { size: 16, bold: true });
  w.space(6);
  const bban = a.iban.slice(4);
  w.fields([
    ['Titulaire', a.holder.name],
    ...a.holder.addressLines.map((l, i): [string, string] => [i === 0 ? 'Adresse' : '', l]),
    ['Compte', a.label],
    ['Domiciliation', 'AVENIR, 12 rue de la Bourse, 75002 Paris'],
    ['IBAN', groupIban(a.iban)],
    ['BIC', BIC],
    ['Code banque', bban.slice(0, 5)],
    ['Code guichet', bban.slice(5, 10)],
    ['N° de compte', bban.slice(10, 21)],
    ['Clé RIB', bban.slice(21, 23)],
  ]);
  w.space(12);
  w.text('Communiquez ce RIB pour recevoir des virements ou mettre en place des prélèvements.', {
    size: 8,
    muted: true,
  });
  return w.save();
}

const VERIFICATION_FR: Record<string, string> = {
  match: 'Nom vérifié : correspond au titulaire',
  close_match: 'Nom proche de celui du titulaire',
  no_match: 'Nom différent de celui du titulaire',
  not_verifiable: 'Vérification impossible (autre banque)',
};

export type ReceiptFacts = {
  reference: string;
  at: Date;
  from: AccountFacts;
  beneficiaryName: string;
  toIban: string;
  verification: string;
  amountCents: number;
  label: string;
  status: string;
  issuedAt: Date;
};

export async function renderReceipt(r: ReceiptFacts): Promise<Uint8Array> {
  const w = await createPdf({
    title: 'Justificatif de virement',
    subject: r.reference,
    issuedAt: r.issuedAt,
  });
  holderBlock(w, r.from.holder);
  w.text('Justificatif de virement', { size: 16, bold: true });
  w.text(`Référence ${r.reference}`, { muted: true });
  w.space(6);
  w.fields([
    ['Date et heure', dateTimeFr(r.at)],
    ['Statut', r.status],
    ['Montant', formatEuros(r.amountCents)],
    ['Libellé', r.label || '-'],
  ]);
  w.space(6);
  w.text('Compte débité', { bold: true, size: 11 });
  w.fields([
    ['Titulaire', r.from.holder.name],
    ['Compte', r.from.label],
    ['IBAN', groupIban(r.from.iban)],
  ]);
  w.space(6);
  w.text('Bénéficiaire', { bold: true, size: 11 });
  w.fields([
    ['Nom', r.beneficiaryName],
    ['IBAN', groupIban(r.toIban)],
    ['Vérification du bénéficiaire', VERIFICATION_FR[r.verification] ?? r.verification],
  ]);
  w.space(12);
  w.text(
    `Document émis le ${dateTimeFr(r.issuedAt)} ; il fait foi de l’ordre de virement exécuté.`,
    {
      size: 8,
      muted: true,
    },
  );
  return w.save();
}

export type TradeFacts = {
  reference: string;
  holder: Holder;
  side: 'buy' | 'sell';
  stock: string;
  quantity: number;
  fills: { at: Date; quantity: number; priceCents: number }[];
  feesCents: number;
  issuedAt: Date;
};

export async function renderTradeConfirmation(t: TradeFacts): Promise<Uint8Array> {
  const w = await createPdf({ title: 'Avis d’opéré', subject: t.reference, issuedAt: t.issuedAt });
  holderBlock(w, t.holder);
  w.text('Avis d’opéré', { size: 16, bold: true });
  w.text(`Ordre ${t.reference}`, { muted: true });
  w.space(6);
  const gross = t.fills.reduce((s, f) => s + f.quantity * f.priceCents, 0);
  const filled = t.fills.reduce((s, f) => s + f.quantity, 0);
  w.fields([
    ['Sens', t.side === 'buy' ? 'Achat' : 'Vente'],
    ['Valeur', t.stock],
    ['Quantité exécutée', `${filled} / ${t.quantity}`],
    ['Montant brut', formatEuros(gross)],
    ['Frais', formatEuros(t.feesCents)],
    ['Montant net', formatEuros(t.side === 'buy' ? gross + t.feesCents : gross - t.feesCents)],
  ]);
  w.space(6);
  w.row(
    [
      { text: 'Exécution', x: w.left, bold: true },
      { text: 'Quantité', x: w.left + 200, width: 80, align: 'right', bold: true },
      { text: 'Cours', x: w.left + 300, width: 90, align: 'right', bold: true },
    ],
    { shade: true },
  );
  for (const f of t.fills)
    w.row([
      { text: dateTimeFr(f.at), x: w.left },
      { text: String(f.quantity), x: w.left + 200, width: 80, align: 'right' },
      { text: formatEuros(f.priceCents), x: w.left + 300, width: 90, align: 'right' },
    ]);
  return w.save();
}

export type InterestFacts = {
  account: AccountFacts;
  year: string;
  interestCents: number;
  closingCents: number;
  issuedAt: Date;
};

export async function renderInterestStatement(i: InterestFacts): Promise<Uint8Array> {
  const title = `Relevé annuel d’intérêts ${i.year}`;
  const w = await createPdf({ title, subject: i.account.iban, issuedAt: i.issuedAt });
  holderBlock(w, i.account.holder);
  w.text(title, { size: 16, bold: true });
  w.text(`Émis le ${dateFr(i.issuedAt)}`, { muted: true });
  w.space(6);
  accountBlock(w, i.account);
  w.space(6);
  w.fields([
    [`Intérêts crédités en ${i.year}`, formatEuros(i.interestCents)],
    [`Solde au 31/12/${i.year}`, formatEuros(i.closingCents)],
  ]);
  w.space(12);
  w.text('Document à conserver : il récapitule les intérêts versés sur l’année civile.', {
    size: 8,
    muted: true,
  });
  return w.save();
}
