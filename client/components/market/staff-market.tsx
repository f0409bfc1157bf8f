import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { useAppState } from '../../state/app-state';
import { formatPrice, formatRate } from './format';
import { StockAdmin } from './staff-stocks';
import './market.css';

export const errorText = (e: unknown) =>
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
  const { rateHistory, savingsRate, setRate } = useAppState().market;
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

/** The director's market tab: the savings rate with its history, the stocks. */
export function StaffMarket() {
  const { loadMarketSummary, loadSavings, loadStocks } = useAppState().market;
  useEffect(() => {
    void loadSavings();
    void loadStocks();
    void loadMarketSummary();
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
  const { clientPortfolio, loadClientPortfolio } = useAppState().market;
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
