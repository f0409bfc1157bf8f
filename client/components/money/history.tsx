import './money.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { HistoryModel } from '../../state/operations';
import { useAppState } from '../../state/app-state';
import type { Operation } from '../../types';
import { formatDay, formatMoney, parisDay } from '../../format';
import { isAvenirIban } from '../../iban';
import { Field } from '../field';
import { LoadFailed } from '../load-failed';
import { SignedAmount } from './amount';

const KIND_LABELS: Record<Operation['kind'], string> = {
  transfer: 'Virement',
  deposit: 'Versement',
  interest: 'Intérêts',
  fee: 'Frais',
  trade: 'Bourse',
  opening: 'Ouverture',
};

/** Transfers to or from another bank are simulated SEPA ones: the history says so. */
const isSimulated = (o: Operation) =>
  o.kind === 'transfer' && !!o.counterparty?.iban && !isAvenirIban(o.counterparty.iban);

function OperationRow({ op, fresh }: { op: Operation; fresh: boolean }) {
  return (
    <li class={`op${fresh ? ' op--new' : ''}`} data-testid="operation" data-operation-id={op.id}>
      <div class="op__main">
        <p class="op__label">{op.label || KIND_LABELS[op.kind]}</p>
        <p class="op__meta">
          {KIND_LABELS[op.kind]}
          {op.counterparty && ` · ${op.counterparty.name}`}
          {isSimulated(op) && <span class="tag">SEPA simulé</span>}
        </p>
      </div>
      <div class="op__figures">
        <SignedAmount cents={op.amountCents} />
        <p class="op__after">Solde : {formatMoney(op.balanceAfterCents)}</p>
      </div>
    </li>
  );
}

/** Consecutive operations of the same Europe/Paris day, under one separator. */
function byDay(ops: Operation[]) {
  const days: { day: string; ops: Operation[] }[] = [];
  for (const op of ops) {
    const day = parisDay(op.createdAt);
    if (days.at(-1)?.day === day) days.at(-1)!.ops.push(op);
    else days.push({ day, ops: [op] });
  }
  return days;
}

function HistoryFilters({ accountId, model }: { accountId: number; model: HistoryModel }) {
  const { historyFilters, setHistoryFilters } = model;
  const f = historyFilters.value;
  const [q, setQ] = useState(f.q);
  // Searching as one types, once the typing pauses.
  useEffect(() => {
    if (q === historyFilters.value.q) return;
    const t = setTimeout(() => setHistoryFilters({ q }), 300);
    return () => clearTimeout(t);
  }, [q]);
  useEffect(() => setQ(f.q), [f.q]);
  return (
    <form class="history__filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <div class="field history__search">
        <label for="history-q">Rechercher</label>
        <input
          id="history-q"
          type="search"
          value={q}
          placeholder="Libellé ou nom"
          onInput={(e) => setQ(e.currentTarget.value)}
        />
      </div>
      <Field
        label="Du"
        type="date"
        value={f.from}
        max={f.to || undefined}
        onChange={(e) => setHistoryFilters({ from: e.currentTarget.value })}
      />
      <Field
        label="Au"
        type="date"
        value={f.to}
        min={f.from || undefined}
        onChange={(e) => setHistoryFilters({ to: e.currentTarget.value })}
      />
      <div class="history__filter-actions">
        {model.filtersActive.value && (
          <button
            type="button"
            class="btn btn--ghost btn--small"
            onClick={model.clearHistoryFilters}
          >
            Effacer les filtres
          </button>
        )}
        <a
          class="btn btn--ghost btn--small"
          href={model.csvPath(accountId)}
          download
          data-testid="csv-link"
        >
          Télécharger (CSV)
        </a>
      </div>
    </form>
  );
}

/**
 * An account's operations: day separators, filters, more as one scrolls. The
 * client's selected account by default; a staff client file passes its own model.
 */
export function History({ model: given }: { model?: HistoryModel }) {
  const own = useAppState().history;
  const model = given ?? own;
  const {
    operations,
    operationsHaveMore,
    operationsArrivedLive,
    operationsFailed,
    operationsLoadingMore,
    filtersActive,
    loadOperations,
    loadOlderOperations,
  } = model;
  const account = model.account.value;
  const sentinel = useRef<HTMLDivElement>(null);
  const items = operations.value;
  const more = operationsHaveMore.value;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver(
      (entries) =>
        entries.some((e) => e.isIntersecting) && void loadOlderOperations().catch(() => {}),
      { rootMargin: '400px' },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [more, items === null]);
  if (!account) return null;
  const arrived = operationsArrivedLive.value;
  const latest = items?.find((o) => arrived.has(o.id));
  return (
    <section class="panel history" aria-labelledby="history-title" data-testid="history">
      <h2 id="history-title" class="panel__title">
        Opérations — {account.label}
      </h2>
      <HistoryFilters accountId={account.id} model={model} />
      <p class="visually-hidden" aria-live="polite">
        {latest ? `Nouvelle opération : ${latest.label}, ${formatMoney(latest.amountCents)}` : ''}
      </p>
      {operationsFailed.value ? (
        <LoadFailed onRetry={loadOperations}>L’historique n’a pas pu être chargé.</LoadFailed>
      ) : !items ? (
        <p class="muted" aria-busy="true">
          Chargement des opérations…
        </p>
      ) : items.length === 0 ? (
        <p class="muted">
          {filtersActive.value
            ? 'Aucune opération ne correspond à votre recherche.'
            : 'Aucune opération pour le moment.'}
        </p>
      ) : (
        byDay(items).map(({ day, ops }) => (
          <section class="history__day" key={day} aria-label={formatDay(ops[0].createdAt)}>
            <h3 class="history__date">{formatDay(ops[0].createdAt)}</h3>
            <ul class="history__list">
              {ops.map((op) => (
                <OperationRow key={op.id} op={op} fresh={arrived.has(op.id)} />
              ))}
            </ul>
          </section>
        ))
      )}
      {items && more && (
        <div ref={sentinel} class="history__more">
          <button
            type="button"
            class="btn btn--ghost btn--block"
            disabled={operationsLoadingMore.value}
            aria-busy={operationsLoadingMore.value}
            onClick={() => void loadOlderOperations().catch(() => {})}
          >
            {operationsLoadingMore.value ? 'Chargement…' : 'Opérations plus anciennes'}
          </button>
        </div>
      )}
    </section>
  );
}
