import type { BookLevel, TradeView } from '../../state/market';
import { formatPrice } from './format';

function Side({
  title,
  levels,
  kind,
}: {
  title: string;
  levels: BookLevel[];
  kind: 'bid' | 'ask';
}) {
  const most = Math.max(1, ...levels.map((l) => l.quantity));
  return (
    <div class={`book__side book__side--${kind}`}>
      <h3 class="book__title">{title}</h3>
      {levels.length === 0 ? (
        <p class="muted">Aucun ordre.</p>
      ) : (
        <table class="book__table" data-testid={`book-${kind}s`}>
          <thead>
            <tr>
              <th scope="col">Prix</th>
              <th scope="col">Quantité</th>
            </tr>
          </thead>
          <tbody>
            {levels.slice(0, 10).map((l) => (
              <tr key={l.priceCents} style={{ '--depth': `${(l.quantity * 100) / most}%` }}>
                <td>{formatPrice(l.priceCents)}</td>
                <td>{l.quantity}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The aggregated book: best bids and asks first. */
export function OrderBook({ bids, asks }: { bids: BookLevel[]; asks: BookLevel[] }) {
  return (
    <section class="panel" aria-labelledby="book-title">
      <h2 id="book-title" class="panel__title">
        Carnet d’ordres
      </h2>
      <div class="book">
        <Side title="Achat" levels={bids} kind="bid" />
        <Side title="Vente" levels={asks} kind="ask" />
      </div>
    </section>
  );
}

const time = new Intl.DateTimeFormat('fr-FR', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The last trades, newest first. */
export function RecentTrades({ trades }: { trades: TradeView[] }) {
  return (
    <section class="panel" aria-labelledby="trades-title">
      <h2 id="trades-title" class="panel__title">
        Derniers échanges
      </h2>
      {trades.length === 0 ? (
        <p class="muted">Aucun échange pour le moment.</p>
      ) : (
        <table class="book__table" data-testid="trades">
          <thead>
            <tr>
              <th scope="col">Heure</th>
              <th scope="col">Prix</th>
              <th scope="col">Quantité</th>
            </tr>
          </thead>
          <tbody>
            {trades.slice(0, 15).map((t, i) => (
              <tr key={`${t.at}-${i}`}>
                <td>{time.format(new Date(t.at))}</td>
                <td>{formatPrice(t.priceCents)}</td>
                <td>{t.quantity}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
