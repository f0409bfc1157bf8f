import { useEffect } from 'preact/hooks';
import { useSignal } from '@preact/signals';
import { useAppState } from '../../state/app-state';
import { type OrderDetail, type OrderView } from '../../state/market';
import { formatMoney } from '../../format';
import { CANCEL_LABELS, formatDateTime, formatPrice, sideLabel, STATUS_LABELS } from './format';

/** Status and, for a cancelled order, why. */
const statusOf = (o: OrderView) =>
  o.status === 'cancelled' && o.cancelReason
    ? `${STATUS_LABELS.cancelled} (${CANCEL_LABELS[o.cancelReason]})`
    : STATUS_LABELS[o.status];

/** The fills of one order, fetched when its details are opened. */
function Fills({ id }: { id: number }) {
  const { loadOrderDetail } = useAppState().market;
  const detail = useSignal<OrderDetail | null | 'failed'>(null);
  useEffect(() => {
    loadOrderDetail(id).then(
      (d) => (detail.value = d),
      () => (detail.value = 'failed'),
    );
  }, [id]);
  const d = detail.value;
  if (d === null) return <p aria-busy="true">Chargement…</p>;
  if (d === 'failed') return <p class="alert alert--error">Détail indisponible.</p>;
  if (d.fills.length === 0) return <p class="muted">Aucune exécution.</p>;
  return (
    <ul class="fills" data-testid="fills">
      {d.fills.map((f, k) => (
        <li key={k}>
          {formatDateTime(f.at)} · {f.quantity} à {formatPrice(f.priceCents)} ={' '}
          {formatMoney(f.quantity * f.priceCents)}
        </li>
      ))}
    </ul>
  );
}

function OrderItem({ o }: { o: OrderView }) {
  const { cancelOrder, orders } = useAppState().market;
  const busy = useSignal(false);
  return (
    <li class="order-item" data-testid="order">
      <div class="order-item__head">
        <p class="person__name">
          {sideLabel(o.side)} {o.quantity} {o.symbol ?? ''}{' '}
          {o.type === 'limit'
            ? `à ${formatPrice(o.limitPriceCents)} ${o.side === 'buy' ? 'au maximum' : 'au minimum'}`
            : 'au marché'}
        </p>
        {o.status === 'open' && (
          <button
            type="button"
            class="btn btn--ghost order-item__cancel"
            disabled={busy.value}
            onClick={async () => {
              busy.value = true;
              try {
                await cancelOrder(o.id);
              } finally {
                busy.value = false;
              }
            }}
          >
            Annuler
          </button>
        )}
      </div>
      <p class="muted order-item__meta">
        {formatDateTime(o.createdAt)} · <span data-testid="order-status">{statusOf(o)}</span>
        {' · '}exécuté {o.filledQuantity}/{o.quantity}
        {o.averagePriceCents !== null && ` · prix moyen ${formatPrice(o.averagePriceCents)}`}
        {' · '}frais {formatMoney(o.feeCents)}
      </p>
      {o.filledQuantity > 0 && (
        <details class="order-item__fills">
          <summary>Exécutions</summary>
          <Fills id={o.id} />
        </details>
      )}
    </li>
  );
}

/** The caller's orders (open ones first): when, what was executed at what price, the fee, the status and why. */
export function OrdersList({ stockId }: { stockId?: number }) {
  const { orders } = useAppState().market;
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
            <OrderItem o={o} key={o.id} />
          ))}
        </ul>
      )}
    </section>
  );
}
