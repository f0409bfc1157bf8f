import { useEffect, useState } from 'preact/hooks';
import {
  advisorWorkload,
  ledgerFailed,
  ledgerRun,
  ledgerRunning,
  loadWorkload,
  runLedgerCheck,
  workloadLoadFailed,
} from '../../state/staff/desk';
import { clients, loadClients } from '../../state/clients';
import { formatWhen, fullName } from '../../format';
import { LoadFailed } from '../load-failed';
import { ChangeAdvisor } from './change-advisor';
import './staff.css';

/** The checks the ledger runs today, in words; a new one shows its name until it gets a label. */
const CHECK_LABELS: Record<string, string> = {
  operations_balanced: 'Chaque opération s’équilibre (somme nulle par actif)',
  posting_asset_matches_account: 'Chaque écriture est dans l’actif de son compte',
  cached_balances: 'Chaque solde égale la somme de ses écritures',
  running_balances: 'Les soldes après opération se suivent',
  customer_limits: 'Aucun compte client sous sa limite',
  holds_cached: 'Les réservations en cache égalent les réservations ouvertes',
  holds_valid: 'Aucune réservation négative, vide ou d’un autre actif',
  order_reservations: 'Les réservations égalent les ordres ouverts',
  book_not_crossed: 'Le carnet d’ordres n’est croisé sur aucune action',
};

/** Each invariant of the ledger, its detail and when it ran; « Relancer » runs them again. */
function LedgerCheckPanel() {
  useEffect(() => void runLedgerCheck(), []);
  const run = ledgerRun.value;
  return (
    <section class="panel" aria-labelledby="ledger-title" data-testid="ledger-check">
      <h2 id="ledger-title" class="panel__title">
        Contrôle du grand livre
      </h2>
      {ledgerFailed.value && (
        <LoadFailed onRetry={runLedgerCheck}>Le contrôle n’a pas pu être lancé.</LoadFailed>
      )}
      {run && (
        <>
          <p class={`ledger-verdict ledger-verdict--${run.ok ? 'ok' : 'ko'}`} role="status">
            {run.ok ? 'Tous les contrôles sont bons' : 'Anomalie détectée'} · lancé{' '}
            {formatWhen(run.ranAt)}
          </p>
          <ul class="ledger-checks">
            {run.checks.map((c) => (
              <li key={c.name} class="ledger-check" data-testid="ledger-check-item">
                <span class={`tag ${c.ok ? 'tag--ok' : 'tag--warning'}`}>
                  {c.ok ? 'OK' : 'Échec'}
                </span>
                <span class="ledger-check__main">
                  <span>{CHECK_LABELS[c.name] ?? c.name}</span>
                  <span class="muted">
                    <code class="ledger-check__name">{c.name}</code> · {c.detail}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <button
        type="button"
        class="btn btn--ghost btn--small"
        disabled={ledgerRunning.value}
        aria-busy={ledgerRunning.value}
        onClick={() => void runLedgerCheck()}
      >
        {ledgerRunning.value ? 'Contrôle en cours…' : 'Relancer le contrôle'}
      </button>
    </section>
  );
}

/** Per advisor: clients, conversations waiting for an answer, open alerts; reassigning is right here. */
function WorkloadPanel() {
  useEffect(() => {
    void loadWorkload();
    void loadClients();
  }, []);
  const [advisorId, setAdvisorId] = useState<number | null>(null);
  const rows = advisorWorkload.value;
  const theirs = (clients.value ?? []).filter((c) => c.advisor?.id === advisorId);
  const refresh = () => Promise.all([loadWorkload(), loadClients()]);
  return (
    <section class="panel" aria-labelledby="workload-title" data-testid="workload">
      <h2 id="workload-title" class="panel__title">
        Charge par conseiller
      </h2>
      {workloadLoadFailed.value && !rows ? (
        <LoadFailed onRetry={loadWorkload}>La charge n’a pas pu être chargée.</LoadFailed>
      ) : !rows ? (
        <p aria-busy="true">Chargement…</p>
      ) : (
        <div class="workload__scroll">
          <table class="workload">
            <caption class="visually-hidden">
              Clients, conversations sans réponse et alertes par conseiller
            </caption>
            <thead>
              <tr>
                <th scope="col">Conseiller</th>
                <th scope="col">Clients</th>
                <th scope="col">Sans réponse</th>
                <th scope="col">Alertes</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.advisor.id} data-testid="workload-row">
                  <th scope="row">
                    <button
                      type="button"
                      class="workload__advisor"
                      aria-expanded={advisorId === r.advisor.id}
                      onClick={() => setAdvisorId(advisorId === r.advisor.id ? null : r.advisor.id)}
                    >
                      {fullName(r.advisor)}
                    </button>
                  </th>
                  <td>{r.clients}</td>
                  <td>{r.unansweredConversations}</td>
                  <td>{r.openAlerts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {advisorId !== null && (
        <div class="workload__clients">
          <h3 class="client-panel__subtitle">Clients de ce conseiller</h3>
          {theirs.length === 0 ? (
            <p class="muted">Aucun client.</p>
          ) : (
            <ul class="row-list">
              {theirs.map((c) => (
                <li class="row-list__item client-row" key={c.id}>
                  <div class="row-list__main">
                    <a href={`/clients/${c.id}`}>{fullName(c)}</a>
                  </div>
                  <ChangeAdvisor client={c} onChanged={refresh} />
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {advisorId === null && rows && (
        <p class="muted">Choisissez un conseiller pour voir ses clients et les réaffecter.</p>
      )}
    </section>
  );
}

/** The director's desk: the ledger's health, the team's workload. */
export function DirectorDesk() {
  return (
    <div class="two-cols">
      <LedgerCheckPanel />
      <WorkloadPanel />
    </div>
  );
}
