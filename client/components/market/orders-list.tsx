import { useState } from 'preact/hooks';
import { cancelOrder, orders } from '../../state/market';
import { formatPrice, sideLabel, STATUS_LABELS } from './format';

/** The caller's orders (open ones first), each open one with its cancel button. */
export function OrdersList({ stockId }: { stockId?: number }) {
  const [busy, setBusy] = useState<number | null>(null);
  const all = (orders.value ?? []).filter((o) => stockId === undefined || o.stockId === stockId);
  const list = [
    ...all.filter((o) => o.status === 'open'),
    ...all.filter((o) => o.status !== 'open'),
  ].slice(0, 20);
  return (
    <section class="panel" aria-labelledby="orders-title">
      <h2 id="orders-title" class="panel__title">
        Mes ordres
      </h2>
      {list.length === 0 ? (
        <p class="muted">Aucun ordre.</p>
      ) : (
        <ul class="row-list" data-testid="orders">
          {list.map((o) => (
            <li class="row-list__item" key={o.id}>
              <div class="row-list__main">
                <p class="person__name">
                  {sideLabel(o.side)} {o.quantity} {o.symbol ?? ''}{' '}
                  {o.type === 'limit' ? `à ${formatPrice(o.limitPriceCents)}` : 'au marché'}
                </p>
                <p class="muted">
                  {STATUS_LABELS[o.status]}
                  {o.remainingQuantity < o.quantity && o.status !== 'filled'
                    ? ` · ${o.quantity - o.remainingQuantity} exécuté(s)`
                    : ''}
                  {o.feeCents ? ' · frais 1,00 €' : ''}
                </p>
              </div>
              {o.status === 'open' && (
                <button
                  type="button"
                  class="btn btn--small btn--ghost"
                  disabled={busy === o.id}
                  onClick={async () => {
                    setBusy(o.id);
                    try {
                      await cancelOrder(o.id);
                    } finally {
                      setBusy(null);
                    }
                  }}
                >
                  Annuler
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
