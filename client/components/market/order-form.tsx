import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { formatMoney } from '../../format';
import { useAppState } from '../../state/app-state';
import {
  BAND_PERCENT,
  ORDER_FEE_CENTS,
  type OrderDraft,
  type OrderView,
  type StockDetail,
} from '../../state/market';
import { formatChange, formatPrice, parseEuros } from './format';

/** What buying `quantity` at market would cost at the current asks (null: not enough offered). */
function marketCost(asks: StockDetail['book']['asks'], quantity: number) {
  let left = quantity;
  let cost = 0;
  for (const a of asks) {
    const q = Math.min(left, a.quantity);
    cost += q * a.priceCents;
    left -= q;
    if (left === 0) return cost;
  }
  return null;
}

const ERRORS: Record<string, string> = {
  insufficient_funds: 'Solde disponible insuffisant pour réserver ce montant et les frais.',
  insufficient_shares: 'Vous ne détenez pas assez de titres disponibles.',
  insufficient_liquidity: 'Pas assez de titres à la vente pour cet ordre au marché.',
  stock_not_listed: 'Cette action n’est plus cotée.',
};

/** What became of an order just placed, in a sentence naming the price paid. */
function outcomeText(o: OrderView, symbol: string) {
  const at =
    o.averagePriceCents === null ? '' : ` à ${formatPrice(o.averagePriceCents)} en moyenne`;
  if (o.cancelReason === 'self_trade')
    return 'Ordre annulé : il aurait été exécuté face à votre propre ordre.';
  if (o.status === 'filled') return `Ordre exécuté : ${o.quantity} ${symbol}${at}.`;
  if (o.filledQuantity > 0)
    return `Ordre partiellement exécuté : ${o.filledQuantity} sur ${o.quantity}${at}.`;
  if (o.status === 'open') return 'Ordre placé dans le carnet.';
  return 'Ordre au marché non exécuté : annulé.';
}

/**
 * Buy or sell: quantity, limit or market, the account; a first step shows what
 * is reserved and the 1 € fee, the second confirms.
 */
export function OrderForm({ detail }: { detail: StockDetail }) {
  const { checkingAccounts, placeOrder, portfolio } = useAppState().market;
  const { stock, book } = detail;
  const [side, setSide] = useState<'buy' | 'sell'>('buy');
  const [type, setType] = useState<'limit' | 'market'>('limit');
  const [quantity, setQuantity] = useState('1');
  const [price, setPrice] = useState(
    stock.lastPriceCents ? (stock.lastPriceCents / 100).toFixed(2).replace('.', ',') : '',
  );
  const [accountId, setAccountId] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const accounts = checkingAccounts.value ?? [];
  const account = accounts.find((a) => a.id === accountId) ?? accounts[0];
  const held = portfolio.value?.positions.find((p) => p.stock.id === stock.id);
  const qty = /^\d{1,6}$/.test(quantity.trim()) ? Number(quantity.trim()) : null;
  const limit = type === 'limit' ? parseEuros(price) : null;
  const valid =
    qty !== null && qty >= 1 && qty <= 100_000 && (type === 'market' || (limit ?? 0) > 0);
  const cost = !valid
    ? null
    : type === 'limit'
      ? qty! * limit!
      : side === 'buy'
        ? marketCost(book.asks, qty!)
        : null;

  // Warned while typing: a limit far from the last price is likely a typo (or starts an auction).
  const far =
    limit !== null &&
    stock.lastPriceCents > 0 &&
    Math.abs(limit - stock.lastPriceCents) * 100 > stock.lastPriceCents * BAND_PERCENT;
  const bound = side === 'buy' ? 'au maximum' : 'au minimum';

  const draft = (): OrderDraft => ({
    stockId: stock.id,
    side,
    type,
    quantity: qty!,
    ...(type === 'limit' ? { limitPriceCents: limit! } : {}),
    accountId: account!.id,
  });

  async function confirm() {
    setBusy(true);
    setMessage(null);
    try {
      const o = await placeOrder(draft());
      setMessage({ ok: o.cancelReason !== 'self_trade', text: outcomeText(o, stock.symbol) });
      setConfirming(false);
    } catch (e) {
      setMessage({
        ok: false,
        text:
          e instanceof ApiError ? (ERRORS[e.code] ?? e.message) : 'L’ordre n’a pas pu être envoyé.',
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="order-title">
      <h2 id="order-title" class="panel__title">
        Passer un ordre
      </h2>
      <form
        class="order-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (confirming) void confirm();
          else if (valid && account) setConfirming(true);
        }}
      >
        <div class="segmented" role="group" aria-label="Sens">
          {(['buy', 'sell'] as const).map((s) => (
            <button
              type="button"
              key={s}
              aria-pressed={side === s}
              class={`segmented__btn${side === s ? ' segmented__btn--on' : ''}`}
              onClick={() => (setSide(s), setConfirming(false))}
            >
              {s === 'buy' ? 'Acheter' : 'Vendre'}
            </button>
          ))}
        </div>
        <div class="segmented" role="group" aria-label="Type d’ordre">
          {(['limit', 'market'] as const).map((t) => (
            <button
              type="button"
              key={t}
              aria-pressed={type === t}
              class={`segmented__btn${type === t ? ' segmented__btn--on' : ''}`}
              onClick={() => (setType(t), setConfirming(false))}
            >
              {t === 'limit' ? 'À cours limité' : 'Au marché'}
            </button>
          ))}
        </div>
        <div class="field">
          <label for="order-qty">Quantité</label>
          <input
            id="order-qty"
            inputMode="numeric"
            value={quantity}
            onInput={(e) => (setQuantity(e.currentTarget.value), setConfirming(false))}
          />
          {side === 'sell' && (
            <p class="field__hint">Disponibles : {held?.availableQuantity ?? 0} titre(s)</p>
          )}
        </div>
        {type === 'limit' && (
          <div class="field">
            <label for="order-price">Prix limite (€ par titre, {bound})</label>
            <input
              id="order-price"
              inputMode="decimal"
              value={price}
              aria-describedby="order-price-hint"
              onInput={(e) => (setPrice(e.currentTarget.value), setConfirming(false))}
            />
            <p class="field__hint" id="order-price-hint">
              {side === 'buy'
                ? 'Vous paierez ce prix au maximum, moins si une offre moins chère attend.'
                : 'Vous vendrez à ce prix au minimum, plus si un acheteur offre davantage.'}
            </p>
            {far && (
              <p class="alert alert--warning" role="status" data-testid="order-price-warning">
                Attention : {formatPrice(limit)} s’écarte de{' '}
                {formatChange(limit!, stock.lastPriceCents)} du dernier cours (
                {formatPrice(stock.lastPriceCents)}). Au-delà de {BAND_PERCENT} % de la référence,
                l’action passe en réservation au lieu de s’échanger.
              </p>
            )}
          </div>
        )}
        {accounts.length > 1 && (
          <div class="field">
            <label for="order-account">Compte</label>
            <select
              id="order-account"
              value={account?.id}
              onChange={(e) => setAccountId(Number(e.currentTarget.value))}
            >
              {accounts.map((a) => (
                <option value={a.id} key={a.id}>
                  {a.label} — {formatMoney(a.availableCents ?? a.balanceCents)} disponibles
                </option>
              ))}
            </select>
          </div>
        )}
        {account && (
          <p class="muted">
            Disponible sur {account.label} :{' '}
            <span data-testid="order-available">
              {formatMoney(account.availableCents ?? account.balanceCents)}
            </span>
          </p>
        )}
        <dl class="order-summary" data-testid="order-summary">
          {side === 'buy' ? (
            <>
              <dt>{type === 'limit' ? 'Montant maximal' : 'Coût estimé aux offres actuelles'}</dt>
              <dd>{cost === null ? '—' : formatMoney(cost)}</dd>
              <dt>Frais (à la première exécution)</dt>
              <dd>{formatMoney(ORDER_FEE_CENTS)}</dd>
              <dt>Total réservé</dt>
              <dd data-testid="order-reserved">
                <strong>{cost === null ? '—' : formatMoney(cost + ORDER_FEE_CENTS)}</strong>
              </dd>
            </>
          ) : (
            <>
              <dt>Titres réservés</dt>
              <dd>{qty ?? '—'}</dd>
              <dt>Frais réservés (à la première exécution)</dt>
              <dd data-testid="order-reserved">{formatMoney(ORDER_FEE_CENTS)}</dd>
              {cost !== null && (
                <>
                  <dt>Produit minimal</dt>
                  <dd>{formatMoney(cost)}</dd>
                </>
              )}
            </>
          )}
        </dl>
        {type === 'market' && side === 'buy' && valid && cost === null && (
          <p class="alert alert--error">Pas assez de titres à la vente pour cette quantité.</p>
        )}
        {confirming && (
          <p class="alert alert--info" role="status">
            {side === 'buy' ? 'Acheter' : 'Vendre'} {qty} {stock.symbol}{' '}
            {type === 'limit' ? `à ${formatPrice(limit)} ${bound}` : 'au marché'} — frais{' '}
            {formatMoney(ORDER_FEE_CENTS)}. Confirmez-vous ?
          </p>
        )}
        {message && (
          <p class={`alert ${message.ok ? 'alert--info' : 'alert--error'}`} role="status">
            {message.text}
          </p>
        )}
        <div class="row">
          {confirming && (
            <button type="button" class="btn btn--ghost" onClick={() => setConfirming(false)}>
              Modifier
            </button>
          )}
          <button
            type="submit"
            class="btn btn--primary"
            disabled={busy || !valid || !account || (side === 'buy' && cost === null)}
          >
            {confirming ? 'Confirmer l’ordre' : 'Vérifier l’ordre'}
          </button>
        </div>
      </form>
    </section>
  );
}
