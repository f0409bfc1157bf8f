import { useEffect } from 'preact/hooks';
import { path } from '../router';
import { useAppState } from '../state/app-state';
import { PriceChart } from '../components/market/price-chart';
import { OrderBook, RecentTrades } from '../components/market/order-book';
import { OrderForm } from '../components/market/order-form';
import { OrdersList } from '../components/market/orders-list';
import { PortfolioView } from '../components/market/portfolio-view';
import { formatChange, formatPrice } from '../components/market/format';
import { PhaseBadge } from '../components/market/phase-badge';
import '../components/market/market.css';

export const MARKET_PATHS = /^\/bourse(\/\d+)?$/;

function Change({ to, from }: { to: number; from: number }) {
  return <span class={to >= from ? 'up' : 'down'}>{formatChange(to, from)}</span>;
}

function StockList() {
  const { stocks } = useAppState().market;
  const list = stocks.value;
  if (!list) return <p aria-busy="true">Chargement…</p>;
  if (list.length === 0) return <p class="muted">Aucune action cotée.</p>;
  return (
    <ul class="row-list stock-list" data-testid="stock-list">
      {list.map((s) => (
        <li class="row-list__item" key={s.id}>
          <a class="stock-list__link" href={`/bourse/${s.id}`}>
            <span class="stock-list__symbol">{s.symbol}</span>
            <span class="stock-list__name muted">{s.name}</span>
            {s.phase === 'auction' && <span class="phase__badge">Réservation</span>}
          </a>
          <div class="stock-list__price">
            <p>{formatPrice(s.lastPriceCents)}</p>
            <p>
              <Change to={s.lastPriceCents} from={s.previousCloseCents} />
            </p>
          </div>
          <p class="stock-list__book muted">
            Achat {formatPrice(s.bestBidCents)} · Vente {formatPrice(s.bestAskCents)} · {s.volume}{' '}
            échangé(s) aujourd’hui
          </p>
        </li>
      ))}
    </ul>
  );
}

function StockPage({ id }: { id: number }) {
  const { marketFailed, openStock, portfolio, stockDetail } = useAppState().market;
  useEffect(() => {
    void openStock(id);
    return () => void openStock(null);
  }, [id]);
  const d = stockDetail.value;
  if (!d || d.stock.id !== id)
    return marketFailed.value ? (
      <p class="alert alert--error">Cette action n’a pas pu être chargée.</p>
    ) : (
      <p aria-busy="true">Chargement…</p>
    );
  const s = d.stock;
  return (
    <>
      <p>
        <a href="/bourse">← Toutes les actions</a>
      </p>
      <h1 class="page-title">
        {s.name} <span class="muted">({s.symbol})</span>
      </h1>
      <p class="stock-price" data-testid="stock-price">
        {formatPrice(s.lastPriceCents)} <Change to={s.lastPriceCents} from={s.previousCloseCents} />
      </p>
      <PhaseBadge stock={s} />
      <p class="muted">
        Clôture précédente {formatPrice(s.previousCloseCents)} · {s.volume} titre(s) échangé(s)
        aujourd’hui
      </p>
      <div class="market-grid">
        <div>
          <section class="panel" aria-label="Cours">
            <PriceChart trades={d.trades} symbol={s.symbol} />
          </section>
          <OrderBook bids={d.book.bids} asks={d.book.asks} />
          <RecentTrades trades={d.trades} />
        </div>
        <div>
          <OrderForm detail={d} />
          <OrdersList stockId={s.id} />
        </div>
      </div>
    </>
  );
}

/** /bourse: the stock list, the portfolio and the orders; /bourse/:id: one stock. */
export function MarketPage() {
  const { loadCashAccounts, loadOrders, loadPortfolio, loadStocks, portfolio, stocks } =
    useAppState().market;
  useEffect(() => {
    void Promise.all([loadStocks(), loadPortfolio(), loadOrders(), loadCashAccounts()]);
  }, []);
  const m = /^\/bourse\/(\d+)$/.exec(path.value);
  if (m) return <StockPage id={Number(m[1])} />;
  return (
    <>
      <h1 class="page-title">Bourse</h1>
      <p class="muted">
        Les cours viennent uniquement des échanges : chaque ordre s’exécute au prix de l’ordre qui
        attendait dans le carnet. Un écart de plus de 10 % déclenche une réservation, puis un fixing
        au prix d’équilibre. Frais : 1 € par ordre exécuté.
      </p>
      <div class="market-grid">
        <section class="panel" aria-labelledby="stocks-title">
          <h2 id="stocks-title" class="panel__title">
            Actions cotées
          </h2>
          <StockList />
        </section>
        <div>
          <PortfolioView portfolio={portfolio.value} />
          <OrdersList />
        </div>
      </div>
    </>
  );
}
