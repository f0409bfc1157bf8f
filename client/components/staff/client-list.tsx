import { useEffect, useState } from 'preact/hooks';
import { Avatar } from '../avatar';
import { LoadFailed } from '../load-failed';
import { EmailTag } from '../chat/client-panel';
import {
  askClients,
  clientPage,
  clientPageFailed,
  clientQuery,
  loadClientPage,
  pageCount,
  type ClientSort,
} from '../../state/staff/client-search';
import { me } from '../../state/session';
import { formatMoney, formatWhen, fullName } from '../../format';
import { ChangeAdvisor } from './change-advisor';
import './staff.css';

const SORTS: { value: string; label: string }[] = [
  { value: 'name:asc', label: 'Nom (A → Z)' },
  { value: 'balance:asc', label: 'Solde (croissant)' },
  { value: 'balance:desc', label: 'Solde (décroissant)' },
  { value: 'lastContact:desc', label: 'Dernier contact (récent)' },
  { value: 'lastContact:asc', label: 'Dernier contact (ancien)' },
];

function Search() {
  const query = clientQuery.value;
  const [q, setQ] = useState(query.q);
  // Searching as one types, once the typing pauses.
  useEffect(() => {
    if (q === clientQuery.value.q) return;
    const t = setTimeout(() => askClients({ q }), 300);
    return () => clearTimeout(t);
  }, [q]);
  return (
    <form class="client-search" role="search" onSubmit={(e) => e.preventDefault()}>
      <div class="field client-search__q">
        <label for="client-q">Rechercher un client</label>
        <input
          id="client-q"
          type="search"
          value={q}
          placeholder="Nom, e-mail ou IBAN"
          onInput={(e) => setQ(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="client-sort">Trier par</label>
        <select
          id="client-sort"
          value={`${query.sort}:${query.order}`}
          onChange={(e) => {
            const [sort, order] = e.currentTarget.value.split(':');
            askClients({ sort: sort as ClientSort, order: order as 'asc' | 'desc' });
          }}
        >
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}

function Pager() {
  const { page } = clientQuery.value;
  const pages = pageCount.value;
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label="Pages de la liste">
      <button
        type="button"
        class="btn btn--ghost btn--small"
        disabled={page === 0}
        onClick={() => askClients({ page: page - 1 })}
      >
        Précédent
      </button>
      <span aria-live="polite">
        Page {page + 1} sur {pages}
      </span>
      <button
        type="button"
        class="btn btn--ghost btn--small"
        disabled={page + 1 >= pages}
        onClick={() => askClients({ page: page + 1 })}
      >
        Suivant
      </button>
    </nav>
  );
}

/** The staff member's clients (all of them for the director): search, sort, pages, one link per file. */
export function ClientList() {
  useEffect(() => void loadClientPage(), []);
  const director = me.value?.role === 'director';
  const answer = clientPage.value;
  return (
    <>
      <Search />
      {clientPageFailed.value && !answer ? (
        <LoadFailed onRetry={loadClientPage}>
          La liste des clients n’a pas pu être chargée.
        </LoadFailed>
      ) : !answer ? (
        <p aria-busy="true">Chargement…</p>
      ) : answer.items.length === 0 ? (
        <p class="muted">
          {clientQuery.value.q.trim()
            ? 'Aucun client ne correspond.'
            : 'Aucun client pour le moment.'}
        </p>
      ) : (
        <>
          <p class="muted client-search__count" aria-live="polite">
            {answer.total} client{answer.total > 1 ? 's' : ''}
          </p>
          <ul class="row-list" data-testid="client-list">
            {answer.items.map((c) => (
              <li class="row-list__item client-row" key={c.id} data-testid="client-row">
                <Avatar user={c} online={c.online} />
                <div class="row-list__main client-list__main">
                  <p class="person__name">
                    <a href={`/clients/${c.id}`}>{fullName(c)}</a>{' '}
                    {!c.emailVerified && <EmailTag />}
                  </p>
                  <p class="muted client-row__email">{c.email}</p>
                </div>
                <dl class="client-row__figures">
                  <div>
                    <dt>Solde</dt>
                    <dd class={c.balanceCents < 0 ? 'balance--negative' : ''}>
                      {formatMoney(c.balanceCents)}
                    </dd>
                  </div>
                  <div>
                    <dt>Dernier contact</dt>
                    <dd>{c.lastContactAt ? formatWhen(c.lastContactAt) : 'aucun'}</dd>
                  </div>
                </dl>
                {director && (
                  <div class="client-row__advisor">
                    <p class="muted client-list__advisor" data-testid="client-advisor">
                      Conseiller : {c.advisor ? fullName(c.advisor) : 'aucun'}
                    </p>
                    <ChangeAdvisor client={c} onChanged={loadClientPage} />
                  </div>
                )}
              </li>
            ))}
          </ul>
          <Pager />
        </>
      )}
    </>
  );
}
