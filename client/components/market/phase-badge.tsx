import { useEffect } from 'preact/hooks';
import { useSignal } from '@preact/signals';
import type { StockView } from '../../state/market';
import { formatPrice } from './format';

/** "3 min 12 s" / "45 s" until `endsAt`, never below zero. */
export function formatCountdown(endsAt: string, now: number) {
  const left = Math.max(0, Math.ceil((Date.parse(endsAt) - now) / 1000));
  const min = Math.floor(left / 60);
  return min > 0 ? `${min} min ${String(left % 60).padStart(2, '0')} s` : `${left} s`;
}

/**
 * The stock's trading phase: « Cotation en continu », or a volatility auction
 * (« Réservation ») with its countdown to the fixing and the live indicative
 * price and volume (SSE `market.phase` keeps the stock up to date).
 */
export function PhaseBadge({ stock }: { stock: StockView }) {
  const now = useSignal(Date.now());
  const endsAt = stock.phase === 'auction' ? stock.auctionEndsAt : null;
  useEffect(() => {
    if (!endsAt) return;
    now.value = Date.now();
    const timer = setInterval(() => (now.value = Date.now()), 1000);
    return () => clearInterval(timer);
  }, [endsAt]);
  if (!endsAt)
    return (
      <p class="phase phase--continuous" data-testid="phase">
        <span class="phase__badge">Cotation en continu</span>
        <span class="muted"> · référence {formatPrice(stock.referencePriceCents)}</span>
      </p>
    );
  return (
    <div class="phase phase--auction" data-testid="phase" role="status">
      <p class="phase__badge">
        Réservation : fixing dans{' '}
        <span class="phase__count">{formatCountdown(endsAt, now.value)}</span>
      </p>
      <p class="phase__indicative" data-testid="indicative">
        Prix indicatif{' '}
        <strong>
          {stock.indicativePriceCents === null ? '—' : formatPrice(stock.indicativePriceCents)}
        </strong>
        {' · '}
        {stock.indicativeQuantity} titre(s) échangeables
      </p>
      <p class="muted">
        Le cours s’est écarté de plus de 10 % de sa référence (
        {formatPrice(stock.referencePriceCents)}) : les ordres sont reçus, rien ne s’échange avant
        le fixing.
      </p>
    </div>
  );
}
