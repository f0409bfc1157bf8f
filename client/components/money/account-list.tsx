import './money.css';
import { useEffect } from 'preact/hooks';
import { useAppState } from '../../state/app-state';
import { LoadFailed } from '../load-failed';
import { AnimatedBalance } from './amount';
import { OpenAccountForm } from './account-forms';
import { ACCOUNT_TYPES } from './account-types';

/** The client's accounts with their live balances; picking one shows its history. */
export function AccountList() {
  const { accounts, accountsFailed, balancePulses, loadAccounts, selectAccount, selectedAccount } =
    useAppState().accounts;
  useEffect(() => void loadAccounts(), []);
  const list = accounts.value;
  const current = selectedAccount.value;
  const pulses = balancePulses.value;
  if (accountsFailed.value)
    return <LoadFailed onRetry={loadAccounts}>Vos comptes n’ont pas pu être chargés.</LoadFailed>;
  if (!list) return <div class="panel account-list account-list--loading" aria-busy="true" />;
  return (
    <section class="panel account-list" aria-labelledby="accounts-title">
      <h2 id="accounts-title" class="panel__title">
        Mes comptes
      </h2>
      <ul class="account-list__items">
        {list.map((a) => (
          <li key={a.id}>
            <button
              type="button"
              class={`account-row${a.id === current?.id ? ' account-row--selected' : ''}${a.closedAt ? ' account-row--closed' : ''}`}
              aria-pressed={a.id === current?.id}
              data-testid="account-row"
              onClick={() => selectAccount(a.id)}
            >
              <span class="account-row__name">
                <span class="account-row__label">{a.label}</span>
                <span class="account-row__type">
                  {ACCOUNT_TYPES[a.type]}
                  {a.closedAt ? ' · clôturé' : ''}
                </span>
              </span>
              <AnimatedBalance
                cents={a.balanceCents}
                currency={a.currency}
                pulse={pulses.get(a.id) ?? 0}
                testId="account-row-balance"
              />
            </button>
          </li>
        ))}
      </ul>
      <OpenAccountForm />
    </section>
  );
}
