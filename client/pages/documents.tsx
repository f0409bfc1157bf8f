/**
 * « Documents »: everything the bank issued to the client (statements, RIB,
 * transfer receipts, avis d'opéré, interest statements), newest first, filtered
 * by kind, each downloadable as the PDF it was issued as. Phone first: one
 * column of rows; the download is a plain link (the session cookie goes along).
 */
import { useEffect } from 'preact/hooks';
import { documents, documentsFailed, loadDocuments, type DocumentView } from '../state/documents';
import { navigate, query } from '../router';
import { formatShortDate } from '../format';
import { LoadFailed } from '../components/load-failed';
import './documents.css';

const KINDS: { key: DocumentView['kind'] | 'all'; label: string }[] = [
  { key: 'all', label: 'Tous' },
  { key: 'statement', label: 'Relevés' },
  { key: 'transfer_receipt', label: 'Justificatifs' },
  { key: 'trade_confirmation', label: 'Avis d’opéré' },
  { key: 'interest_statement', label: 'Intérêts' },
  { key: 'rib', label: 'RIB' },
];
const KIND_LABEL: Record<DocumentView['kind'], string> = {
  statement: 'Relevé de compte',
  rib: 'Relevé d’identité bancaire',
  transfer_receipt: 'Justificatif de virement',
  trade_confirmation: 'Avis d’opéré',
  interest_statement: 'Relevé annuel d’intérêts',
};

const size = (bytes: number) =>
  bytes < 1024
    ? `${bytes} o`
    : `${(bytes / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 0 })} Ko`;

function DocumentRow({ d }: { d: DocumentView }) {
  return (
    <li class="row-list__item doc-row" data-testid="document">
      <span class={`doc-row__icon doc-row__icon--${d.kind}`} aria-hidden="true">
        PDF
      </span>
      <div class="row-list__main">
        <p class="doc-row__title">{d.title}</p>
        <p class="muted doc-row__meta">
          {KIND_LABEL[d.kind]} · {formatShortDate(d.createdAt)} · {size(d.sizeBytes)}
        </p>
      </div>
      <a
        class="btn btn--small btn--ghost"
        href={`/api/documents/${d.id}`}
        download
        aria-label={`Télécharger ${d.title}`}
      >
        Télécharger
      </a>
    </li>
  );
}

export function DocumentsPage() {
  useEffect(() => void loadDocuments(), []);
  const kind = query.value.get('type') ?? 'all';
  const list = documents.value;
  const shown = list?.filter((d) => kind === 'all' || d.kind === kind) ?? null;
  return (
    <>
      <h1 class="page-title">Documents</h1>
      <section class="panel" aria-labelledby="documents-title">
        <h2 id="documents-title" class="visually-hidden">
          Vos documents
        </h2>
        <div class="doc-filters" role="group" aria-label="Type de document">
          {KINDS.map((k) => (
            <button
              type="button"
              key={k.key}
              class={`doc-filter${k.key === kind ? ' doc-filter--active' : ''}`}
              aria-pressed={k.key === kind}
              onClick={() => navigate(k.key === 'all' ? '/documents' : `/documents?type=${k.key}`)}
            >
              {k.label}
            </button>
          ))}
        </div>
        {documentsFailed.value && !list ? (
          <LoadFailed onRetry={loadDocuments}>Vos documents n’ont pas pu être chargés.</LoadFailed>
        ) : !shown ? (
          <p aria-busy="true">Chargement…</p>
        ) : shown.length === 0 ? (
          <p class="muted">Aucun document de ce type pour l’instant.</p>
        ) : (
          <ul class="row-list" aria-label="Documents">
            {shown.map((d) => (
              <DocumentRow key={d.id} d={d} />
            ))}
          </ul>
        )}
        <p class="muted doc-note">
          Vos relevés sont émis le 1er de chaque mois pour le mois précédent. Chaque document est
          conservé tel qu’il a été émis.
        </p>
      </section>
    </>
  );
}
