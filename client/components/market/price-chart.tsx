import type { TradeView } from '../../state/market';
import { formatPrice } from './format';

const W = 320;
const H = 120;
const PAD = 8;

/** The recent trades' prices, oldest to newest, as a small SVG line (no canvas, no library). */
export function PriceChart({ trades, symbol }: { trades: TradeView[]; symbol: string }) {
  const points = [...trades].reverse();
  if (points.length < 2)
    return (
      <p class="muted price-chart__empty">Pas encore assez d’échanges pour tracer un cours.</p>
    );
  const prices = points.map((t) => t.priceCents);
  const min = Math.min(...prices);
  const max = Math.max(...prices);
  const span = Math.max(1, max - min);
  const x = (i: number) => PAD + (i * (W - 2 * PAD)) / (points.length - 1);
  const y = (p: number) => H - PAD - ((p - min) * (H - 2 * PAD)) / span;
  const line = points.map((t, i) => `${x(i).toFixed(1)},${y(t.priceCents).toFixed(1)}`).join(' ');
  const up = prices[prices.length - 1] >= prices[0];
  return (
    <figure class="price-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Cours de ${symbol} sur les ${points.length} derniers échanges : de ${formatPrice(prices[0])} à ${formatPrice(prices[prices.length - 1])}, entre ${formatPrice(min)} et ${formatPrice(max)}.`}
        preserveAspectRatio="none"
      >
        <polyline
          points={`${PAD},${H - PAD} ${line} ${W - PAD},${H - PAD}`}
          class={`price-chart__area${up ? '' : ' price-chart__area--down'}`}
        />
        <polyline
          points={line}
          class={`price-chart__line${up ? '' : ' price-chart__line--down'}`}
        />
      </svg>
      <figcaption class="price-chart__scale muted">
        <span>Bas {formatPrice(min)}</span>
        <span>Haut {formatPrice(max)}</span>
      </figcaption>
    </figure>
  );
}
