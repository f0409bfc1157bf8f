import './transfers.css';
import { useEffect, useState } from 'preact/hooks';
import { useAppState } from '../../state/app-state';
import type { ScheduledView, Transfer } from '../../types';
import { formatMoney, formatWhen } from '../../format';
import { LoadFailed } from '../load-failed';
import { Iban } from './amount';
import { describeWhen } from './schedule-fields';
import { ReceiptLink } from './transfer-done';
import { EditSchedule } from './edit-schedule';
import { moneyErrorMessage } from '../../money-errors';

type Filter = 'all' | 'past' | 'once' | 'standing';
const FILTERS: [Filter, string][] = [
  ['all', 'Tous'],
  ['past', 'Passés'],
  ['once', 'Programmés'],
  ['standing', 'Permanents'],
];
const STATUS: Record<string, string> = {
  active: 'Actif',
  finished: 'Terminé',
  cancelled: 'Annulé',
  executed: 'Exécuté',
  insufficient_funds: 'Non exécuté : solde insuffisant',
  account_closed: 'Non exécuté : compte clôturé',
};
const day = (d: string) => d.split('-').reverse().join('/');
/** An account's label in the list (its number while the accounts load). */
function useAccountLabel() {
  const { accounts } = useAppState().accounts;
  return (id: number) => accounts.value?.find((a) => a.id === id)?.label ?? `n° ${id}`;
}

function ScheduleItem({ s }: { s: ScheduledView }) {
  const accountLabel = useAccountLabel();
  const cancel = useAppState().scheduled.cancelSchedule;
  const [editing, setEditing] = useState(false);
  const [stopping, setStopping] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const standing = s.frequency !== 'once';
  return (
    <li class="transfer-item" data-testid="scheduled-item">
      <details>
        <summary>
          <span class="transfer-item__main">
            <span class="person__name">{s.label}</span>
            <span class="muted">
              {standing ? 'Permanent' : 'Programmé'} · {s.beneficiaryName}
              {s.nextDate ? ` · prochain le ${day(s.nextDate)}` : ''}
            </span>
          </span>
          <span class="transfer-item__side">
            <strong>{formatMoney(s.amountCents)}</strong>
            <span class={`tag tag--${s.status}`}>{STATUS[s.status]}</span>
          </span>
        </summary>
        <dl class="summary">
          <dt>Quand</dt>
          <dd>{describeWhen(s)}, à 6 h</dd>
          <dt>De</dt>
          <dd>{accountLabel(s.fromAccountId)}</dd>
          <dt>Vers</dt>
          <dd>
            {s.beneficiaryName}
            <br />
            <Iban iban={s.toIban} />
          </dd>
        </dl>
        <h4 class="transfer-item__runs-title">Exécutions</h4>
        {s.runs.length === 0 ? (
          <p class="muted">Aucune pour le moment.</p>
        ) : (
          <ul class="runs">
            {s.runs.map((r) => (
              <li key={r.date} class={`run run--${r.result}`}>
                {day(r.date)} — {STATUS[r.result]}
                {r.transferId && <ReceiptLink transferId={r.transferId} />}
              </li>
            ))}
          </ul>
        )}
        {s.status === 'active' &&
          (editing ? (
            <EditSchedule s={s} onDone={() => setEditing(false)} />
          ) : (
            <div class="form-buttons">
              <button
                type="button"
                class="btn btn--ghost btn--small"
                onClick={() => setEditing(true)}
              >
                Modifier
              </button>
              {stopping ? (
                <button
                  type="button"
                  class="btn btn--danger btn--small"
                  onClick={() =>
                    cancel(s.id).then(
                      () => setStopping(false),
                      (e) => setError(moneyErrorMessage(e)),
                    )
                  }
                >
                  Confirmer l’arrêt
                </button>
              ) : (
                <button
                  type="button"
                  class="btn btn--ghost btn--small"
                  onClick={() => setStopping(true)}
                >
                  {standing ? 'Arrêter ce virement permanent' : 'Annuler ce virement'}
                </button>
              )}
            </div>
          ))}
        {error && (
          <p class="alert alert--error" role="alert">
            {error}
          </p>
        )}
      </details>
    </li>
  );
}

function PastItem({ t }: { t: Transfer }) {
  const accountLabel = useAccountLabel();
  return (
    <li class="transfer-item" data-testid="past-transfer">
      <details>
        <summary>
          <span class="transfer-item__main">
            <span class="person__name">{t.label}</span>
            <span class="muted">
              {t.beneficiaryName} · {formatWhen(t.createdAt)}
            </span>
          </span>
          <span class="transfer-item__side">
            <strong>−{formatMoney(t.amountCents)}</strong>
            <span class="tag tag--executed">{STATUS[t.status]}</span>
          </span>
        </summary>
        <dl class="summary">
          <dt>Référence</dt>
          <dd>VIR-{t.id}</dd>
          <dt>De</dt>
          <dd>{accountLabel(t.fromAccountId)}</dd>
          <dt>Vers</dt>
          <dd>
            {t.beneficiaryName}
            <br />
            <Iban iban={t.toIban} />
          </dd>
          <dt>Type</dt>
          <dd>
            {t.internal ? 'Virement AVENIR instantané' : 'Virement SEPA (simulé)'}
            {t.scheduledId ? ', programmé' : ''}
          </dd>
        </dl>
        <ReceiptLink transferId={t.id} />
      </details>
    </li>
  );
}

/** « Mes virements »: standing and scheduled ones with their runs, then past transfers, filtered. */
export function TransfersList() {
  const { loadSchedules, pastTransfers, schedules, schedulesFailed } = useAppState().scheduled;
  const [filter, setFilter] = useState<Filter>('all');
  useEffect(() => {
    void loadSchedules();
    void pastTransfers.loadNewest();
  }, []);
  const list = schedules.value;
  const past = pastTransfers.items.value;
  const shown = (list ?? [])
    .filter((s) =>
      filter === 'all'
        ? true
        : filter === 'once'
          ? s.frequency === 'once'
          : filter === 'standing' && s.frequency !== 'once',
    )
    .sort((a, b) => Number(b.status === 'active') - Number(a.status === 'active') || b.id - a.id);
  return (
    <section class="panel" aria-labelledby="transfers-list-title" id="mes-virements">
      <h2 id="transfers-list-title" class="panel__title">
        Mes virements
      </h2>
      <div class="chips" role="group" aria-label="Filtrer les virements">
        {FILTERS.map(([f, label]) => (
          <button
            key={f}
            type="button"
            class="chip"
            aria-pressed={filter === f}
            onClick={() => setFilter(f)}
          >
            {label}
          </button>
        ))}
      </div>
      {schedulesFailed.value || pastTransfers.failed.value ? (
        <LoadFailed onRetry={() => void (loadSchedules(), pastTransfers.loadNewest())}>
          Vos virements n’ont pas pu être chargés.
        </LoadFailed>
      ) : !list || !past ? (
        <p class="muted" aria-busy="true">
          Chargement…
        </p>
      ) : (
        <ul class="transfer-items">
          {filter !== 'past' && shown.map((s) => <ScheduleItem key={`s${s.id}`} s={s} />)}
          {(filter === 'all' || filter === 'past') &&
            past.map((t) => <PastItem key={`t${t.id}`} t={t} />)}
          {(filter === 'past'
            ? past.length
            : filter === 'all'
              ? shown.length + past.length
              : shown.length) === 0 && <li class="muted">Aucun virement.</li>}
        </ul>
      )}
      {(filter === 'all' || filter === 'past') && pastTransfers.more.value && (
        <button
          type="button"
          class="btn btn--ghost btn--small"
          disabled={pastTransfers.loadingMore.value}
          onClick={() => void pastTransfers.loadOlder()}
        >
          Voir plus
        </button>
      )}
    </section>
  );
}
