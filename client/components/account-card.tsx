import { useEffect, useState } from 'preact/hooks';
import { accounts, accountsFailed, loadAccounts } from '../state/accounts';
import { formatIban, formatMoney } from '../format';
import { LoadFailed } from './load-failed';

function CopyIban({ iban }: { iban: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      class="btn btn--small btn--ghost-light"
      onClick={async () => {
        await navigator.clipboard?.writeText(iban).catch(() => {});
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
    >
      {copied ? 'IBAN copié' : 'Copier l’IBAN'}
    </button>
  );
}

export function AccountCards() {
  useEffect(() => void loadAccounts(), []);
  if (accountsFailed.value)
    return <LoadFailed onRetry={loadAccounts}>Vos comptes n’ont pas pu être chargés.</LoadFailed>;
  if (!accounts.value) return <div class="account-card account-card--loading" aria-busy="true" />;
  return (
    <>
      {accounts.value.map((a) => (
        <section class="account-card" aria-label={a.label} key={a.id}>
          <p class="account-card__label">{a.label}</p>
          <p class="account-card__balance" data-testid="balance">
            {formatMoney(a.balanceCents, a.currency)}
          </p>
          <p class="account-card__iban-label">IBAN</p>
          <p class="account-card__iban" data-testid="iban">
            {formatIban(a.iban)}
          </p>
          <CopyIban iban={a.iban} />
        </section>
      ))}
    </>
  );
}
