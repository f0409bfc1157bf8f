import { useState } from 'preact/hooks';
import { useSignal } from '@preact/signals';
import { formatMoney } from '../../format';
import { useAppState } from '../../state/app-state';
import { type StockView } from '../../state/market';
import { formatPrice, parseEuros } from './format';
import { errorText } from './staff-market';

/** One stock as a card: name, phase, prices and the day's volume; actions inside the card. */
function StockCard({ s }: { s: StockView }) {
  const { deleteStock, editStock, stocks } = useAppState().market;
  const renaming = useSignal<string | null>(null);
  const err = useSignal<string | null>(null);
  const run = (work: () => Promise<void>) =>
    work().then(
      () => ((err.value = null), (renaming.value = null)),
      (e) => (err.value = errorText(e)),
    );
  return (
    <li class="stock-card" data-testid="staff-stock">
      <div class="stock-card__head">
        <p class="stock-card__title">
          <strong>{s.symbol}</strong> {s.name}
        </p>
        <span class={`phase__badge${s.phase === 'auction' ? ' phase__badge--auction' : ''}`}>
          {s.phase === 'auction' ? 'Réservation' : 'Continu'}
        </span>
      </div>
      <dl class="stock-card__figures">
        <dt>Cours</dt>
        <dd>{formatPrice(s.lastPriceCents)}</dd>
        <dt>Référence</dt>
        <dd>{formatPrice(s.referencePriceCents)}</dd>
        <dt>Volume du jour</dt>
        <dd>{s.volume} titre(s)</dd>
        <dt>Cotée</dt>
        <dd>{s.listed ? 'oui' : 'suspendue'}</dd>
      </dl>
      {renaming.value !== null && (
        <div class="field">
          <label for={`rename-${s.id}`}>Nouveau nom de {s.symbol}</label>
          <input
            id={`rename-${s.id}`}
            value={renaming.value}
            onInput={(e) => (renaming.value = e.currentTarget.value)}
          />
        </div>
      )}
      {err.value && <p class="field__error">{err.value}</p>}
      <div class="stock-card__actions">
        {renaming.value === null ? (
          <button type="button" class="btn btn--ghost" onClick={() => (renaming.value = s.name)}>
            Renommer
          </button>
        ) : (
          <button
            type="button"
            class="btn btn--primary"
            onClick={() => run(() => editStock(s.id, { name: renaming.value! }))}
          >
            Enregistrer
          </button>
        )}
        <button
          type="button"
          class="btn btn--ghost"
          onClick={() => run(() => editStock(s.id, { listed: !s.listed }))}
        >
          {s.listed ? 'Suspendre' : 'Coter'}
        </button>
        <button type="button" class="btn btn--ghost" onClick={() => run(() => deleteStock(s.id))}>
          Supprimer
        </button>
      </div>
    </li>
  );
}

/** The director's stocks: the day's figures, one card per stock, and a new listing. */
export function StockAdmin() {
  const { listStock, marketSummary, stocks } = useAppState().market;
  const [form, setForm] = useState({ symbol: '', name: '', price: '', shares: '' });
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (k: keyof typeof form) => (e: Event) =>
    setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const summary = marketSummary.value;
  return (
    <section class="panel staff-market" aria-labelledby="stocks-admin-title">
      <h2 id="stocks-admin-title" class="panel__title">
        Actions
      </h2>
      <p class="muted">
        Le cours n’est jamais fixé à la main : il vient des échanges du carnet d’ordres.
      </p>
      {summary && (
        <p data-testid="market-summary">
          Aujourd’hui : {summary.volumeToday} titre(s) échangé(s) · frais encaissés{' '}
          <strong>{formatMoney(summary.feesTodayCents)}</strong> (depuis l’ouverture :{' '}
          {formatMoney(summary.feesCents)})
        </p>
      )}
      <ul class="stock-cards">
        {(stocks.value ?? []).map((s) => (
          <StockCard s={s} key={s.id} />
        ))}
      </ul>
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
