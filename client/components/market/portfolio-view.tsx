import { formatMoney } from '../../format';
import type { Portfolio } from '../../state/market';
import { formatChange, formatPrice } from './format';

/** Positions: quantity (and what is free to sell), average price without fees, value at the last price. */
export function PortfolioView({
  portfolio,
  title = 'Mon portefeuille',
}: {
  portfolio: Portfolio | null;
  title?: string;
}) {
  return (
    <section class="panel" aria-labelledby="portfolio-title" data-testid="portfolio">
      <h2 id="portfolio-title" class="panel__title">
        {title}
      </h2>
      {!portfolio ? (
        <p aria-busy="true">Chargement…</p>
      ) : portfolio.positions.length === 0 ? (
        <p class="muted">Aucune action détenue.</p>
      ) : (
        <>
          <p class="portfolio__total">
            Valeur totale{' '}
            <strong data-testid="portfolio-total">{formatMoney(portfolio.totalValueCents)}</strong>
          </p>
          <ul class="row-list">
            {portfolio.positions.map((p) => (
              <li
                class="row-list__item"
                key={p.stock.id}
                data-testid={`position-${p.stock.symbol}`}
              >
                <div class="row-list__main">
                  <p class="person__name">
                    <a href={`/bourse/${p.stock.id}`}>{p.stock.symbol}</a> · {p.quantity} titre(s)
                    {p.availableQuantity < p.quantity
                      ? ` (${p.availableQuantity} disponibles)`
                      : ''}
                  </p>
                  <p class="muted">
                    Prix moyen {formatPrice(p.averagePriceCents)} · cours{' '}
                    {formatPrice(p.stock.lastPriceCents)}
                  </p>
                </div>
                <div class="portfolio__value">
                  <p>{formatMoney(p.valueCents)}</p>
                  {p.averagePriceCents > 0 && (
                    <p class={p.stock.lastPriceCents >= p.averagePriceCents ? 'up' : 'down'}>
                      {formatChange(p.stock.lastPriceCents, p.averagePriceCents)}
                    </p>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
