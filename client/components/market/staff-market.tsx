import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import {
  clientPortfolio,
  deleteStock,
  editStock,
  listStock,
  loadClientPortfolio,
  loadSavings,
  loadStocks,
  rateHistory,
  savingsRate,
  setRate,
  stocks,
} from '../../state/market';
import { formatPrice, formatRate, parseEuros } from './format';
import './market.css';

const errorText = (e: unknown) =>
  e instanceof ApiError
    ? (Object.values(e.fields)[0] ?? e.message)
    : 'L’opération n’a pas pu aboutir.';

/** "3,25" → 325 basis points (0–2000), without floats. */
function parseRate(text: string): number | null {
  const m = /^\s*(\d{1,2})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  return bp <= 2000 ? bp : null;
}

function RateSetting() {
  const [value, setValue] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const rate = savingsRate.value;
  return (
    <section class="panel" aria-labelledby="rate-title">
      <h2 id="rate-title" class="panel__title">
        Taux du Livret Avenir
      </h2>
      <p>
        Taux en vigueur :{' '}
        <strong data-testid="current-rate">{rate ? formatRate(rate.rateBasisPoints) : '—'}</strong>
      </p>
      <form
        class="row"
        onSubmit={async (e) => {
          e.preventDefault();
          const bp = parseRate(value);
          if (bp === null)
            return setMsg({ ok: false, text: 'Taux de 0 à 20 %, deux décimales au plus.' });
          try {
            await setRate(bp);
            setMsg({
              ok: true,
              text: `Nouveau taux : ${formatRate(bp)}. Les titulaires sont prévenus.`,
            });
            setValue('');
          } catch (err) {
            setMsg({ ok: false, text: errorText(err) });
          }
        }}
      >
        <div class="field">
          <label for="rate-input">Nouveau taux annuel (%)</label>
          <input
            id="rate-input"
            inputMode="decimal"
            value={value}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="btn btn--primary">
          Appliquer
        </button>
      </form>
      {msg && (
        <p class={`alert ${msg.ok ? 'alert--info' : 'alert--error'}`} role="status">
          {msg.text}
        </p>
      )}
      <h3>Historique</h3>
      <ul class="row-list">
        {(rateHistory.value ?? []).map((r) => (
          <li class="row-list__item" key={r.since}>
            <span class="row-list__main">{formatRate(r.rateBasisPoints)}</span>
            <span class="muted">depuis le {new Date(r.since).toLocaleString('fr-FR')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function StockRow({ s }: { s: NonNullable<typeof stocks.value>[number] }) {
  const [name, setName] = useState(s.name);
  const [err, setErr] = useState<string | null>(null);
  const run = (work: () => Promise<void>) =>
    work().then(
      () => setErr(null),
      (e) => setErr(errorText(e)),
    );
  return (
    <tr>
      <td>{s.symbol}</td>
      <td>
        <input
          aria-label={`Nom de ${s.symbol}`}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        {name !== s.name && (
          <button
            type="button"
            class="btn btn--small btn--ghost"
            onClick={() => run(() => editStock(s.id, { name }))}
          >
            Renommer
          </button>
        )}
        {err && <p class="field__error">{err}</p>}
      </td>
      <td>{formatPrice(s.lastPriceCents)}</td>
      <td>
        <button
          type="button"
          class="btn btn--small btn--ghost"
          onClick={() => run(() => editStock(s.id, { listed: !s.listed }))}
        >
          {s.listed ? 'Suspendre' : 'Coter'}
        </button>
        <button
          type="button"
          class="btn btn--small btn--ghost"
          onClick={() => run(() => deleteStock(s.id))}
        >
          Supprimer
        </button>
      </td>
    </tr>
  );
}

function StockAdmin() {
  const [form, setForm] = useState({ symbol: '', name: '', price: '', shares: '' });
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (k: keyof typeof form) => (e: Event) =>
    setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <section class="panel staff-market" aria-labelledby="stocks-admin-title">
      <h2 id="stocks-admin-title" class="panel__title">
        Actions
      </h2>
      <p class="muted">
        Le cours n’est jamais fixé à la main : il vient des échanges du carnet d’ordres.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Symbole</th>
            <th scope="col">Nom</th>
            <th scope="col">Cours</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(stocks.value ?? []).map((s) => (
            <StockRow s={s} key={`${s.id}-${s.name}`} />
          ))}
        </tbody>
      </table>
      <h3>Introduire une action</h3>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const ipoPriceCents = parseEuros(form.price);
          const shares = /^\d{1,9}$/.test(form.shares) ? Number(form.shares) : null;
          if (!ipoPriceCents || !shares)
            return setMsg({ ok: false, text: 'Prix et nombre de titres requis.' });
          try {
            await listStock({
              symbol: form.symbol.trim().toUpperCase(),
              name: form.name,
              ipoPriceCents,
              shares,
            });
            setMsg({
              ok: true,
              text: `${form.symbol.toUpperCase()} est cotée : la banque offre ses titres au prix d’introduction.`,
            });
            setForm({ symbol: '', name: '', price: '', shares: '' });
          } catch (err) {
            setMsg({ ok: false, text: errorText(err) });
          }
        }}
      >
        <div class="field">
          <label for="ipo-symbol">Symbole (2 à 6 lettres)</label>
          <input id="ipo-symbol" value={form.symbol} onInput={set('symbol')} />
        </div>
        <div class="field">
          <label for="ipo-name">Nom</label>
          <input id="ipo-name" value={form.name} onInput={set('name')} />
        </div>
        <div class="field">
          <label for="ipo-price">Prix d’introduction (€)</label>
          <input id="ipo-price" inputMode="decimal" value={form.price} onInput={set('price')} />
        </div>
        <div class="field">
          <label for="ipo-shares">Nombre de titres</label>
          <input id="ipo-shares" inputMode="numeric" value={form.shares} onInput={set('shares')} />
        </div>
        {msg && (
          <p class={`alert ${msg.ok ? 'alert--info' : 'alert--error'}`} role="status">
            {msg.text}
          </p>
        )}
        <button type="submit" class="btn btn--primary">
          Introduire en bourse
        </button>
      </form>
    </section>
  );
}

/** The director's market tab: the savings rate with its history, the stocks. */
export function StaffMarket() {
  useEffect(() => {
    void loadSavings();
    void loadStocks();
  }, []);
  return (
    <div class="two-cols market-grid">
      <RateSetting />
      <StockAdmin />
    </div>
  );
}

/** Beside a client's conversation (staff): their positions, read-only. */
export function ClientPortfolioSummary({ clientId }: { clientId: number }) {
  useEffect(() => void loadClientPortfolio(clientId), [clientId]);
  const p = clientPortfolio.value[clientId];
  if (!p || p === 'failed') return null;
  return (
    <>
      <h3 class="client-panel__subtitle">Portefeuille</h3>
      {p.positions.length === 0 ? (
        <p class="muted">Aucune action.</p>
      ) : (
        <ul class="client-panel__accounts" data-testid="client-portfolio">
          {p.positions.map((pos) => (
            <li key={pos.stock.id}>
              <span class="client-panel__account-label">
                {pos.quantity} {pos.stock.symbol}
              </span>
              <span class="client-panel__balance">{formatPrice(pos.valueCents)}</span>
              <span class="client-panel__iban">
                prix moyen {formatPrice(pos.averagePriceCents)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
