import { useEffect } from 'preact/hooks';
import { useAppState } from '../../state/app-state';
import { formatMoney } from '../../format';
import { formatRate } from './format';
import './market.css';

/** The Livret Avenir: today's rate, its date, what each savings account earned this year. */
export function SavingsCard() {
  const { interestThisYear, loadCashAccounts, loadSavings, savingsAccounts, savingsRate } =
    useAppState().market;
  useEffect(() => {
    void loadSavings();
    void loadCashAccounts();
  }, []);
  const rate = savingsRate.value;
  const earned = interestThisYear.value;
  const livrets = savingsAccounts.value ?? [];
  const total = earned?.items.reduce((s, i) => s + i.interestCents, 0) ?? 0;
  return (
    <section class="panel savings-card" aria-labelledby="savings-title" data-testid="savings-card">
      <h2 id="savings-title" class="panel__title">
        Livret Avenir
      </h2>
      {rate ? (
        <p class="savings-card__rate">
          <span class="savings-card__value" data-testid="savings-rate">
            {formatRate(rate.rateBasisPoints)}
          </span>{' '}
          brut par an, depuis le {new Date(rate.since).toLocaleDateString('fr-FR')}
        </p>
      ) : (
        <p aria-busy="true">Chargement…</p>
      )}
      <p class="muted">Intérêts calculés chaque jour sur le solde de fin de journée.</p>
      {livrets.length > 0 ? (
        <ul class="row-list">
          {livrets.map((a) => (
            <li class="row-list__item" key={a.id}>
              <div class="row-list__main">
                <p class="person__name">{a.label}</p>
                <p class="muted">Solde {formatMoney(a.balanceCents)}</p>
              </div>
              <p class="savings-card__earned">
                +{formatMoney(earned?.items.find((i) => i.accountId === a.id)?.interestCents ?? 0)}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">Vous n’avez pas encore de Livret Avenir.</p>
      )}
      {earned && livrets.length > 0 && (
        <p data-testid="interest-year">
          Intérêts gagnés en {earned.year} : <strong>{formatMoney(total)}</strong>
        </p>
      )}
    </section>
  );
}
