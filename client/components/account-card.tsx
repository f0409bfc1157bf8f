import { signal, useSignal } from '@preact/signals';
import { useAppState } from '../state/app-state';
import { formatMoney, parisDay } from '../format';
import { AnimatedBalance, Iban } from './money/amount';
import { ACCOUNT_TYPES } from './money/account-types';
import { CloseAccountForm, RenameAccountForm, SimulateDepositForm } from './money/account-forms';

function CopyIban({ iban }: { iban: string }) {
  const copied = useSignal(false);
  return (
    <button
      type="button"
      class="btn btn--small btn--ghost-light"
      onClick={async () => {
        await navigator.clipboard?.writeText(iban).catch(() => {});
        copied.value = true;
        setTimeout(() => (copied.value = false), 2000);
      }}
    >
      {copied.value ? 'IBAN copié' : 'Copier l’IBAN'}
    </button>
  );
}

/** The selected account: live balance, available amount, IBAN, documents and actions. */
export function AccountCard() {
  const { balancePulses, selectedAccount } = useAppState().accounts;
  const a = selectedAccount.value;
  if (!a) return null;
  const month = parisDay(new Date()).slice(0, 7);
  return (
    <section class="account-card" aria-labelledby="account-card-title" data-testid="account-card">
      <div class="account-card__head">
        <p class="account-card__label" id="account-card-title">
          {a.label}
          {a.label !== ACCOUNT_TYPES[a.type] && (
            <span class="account-card__type"> · {ACCOUNT_TYPES[a.type]}</span>
          )}
        </p>
        {!a.closedAt && (
          <button
            type="button"
            class="account-card__more"
            aria-label="Gérer ce compte"
            title="Gérer ce compte"
            aria-expanded={manageOpen.value}
            aria-controls="account-manage"
            onClick={() => (manageOpen.value = !manageOpen.value)}
          >
            <span aria-hidden="true">…</span>
          </button>
        )}
      </div>
      <p class="account-card__balance">
        <AnimatedBalance
          cents={a.balanceCents}
          currency={a.currency}
          pulse={balancePulses.value.get(a.id) ?? 0}
          testId="balance"
        />
      </p>
      <p class="account-card__available">
        Disponible : {formatMoney(a.availableCents ?? a.balanceCents, a.currency)}
        {a.overdraftLimitCents > 0 &&
          ` (découvert autorisé ${formatMoney(a.overdraftLimitCents, a.currency)})`}
        {a.type === 'savings' &&
          a.rateBasisPoints !== undefined &&
          ` · taux ${(a.rateBasisPoints / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2 })} %`}
      </p>
      <p class="account-card__iban-label">IBAN</p>
      <p class="account-card__iban">
        <Iban iban={a.iban} testId="iban" />
      </p>
      <div class="account-card__actions">
        <CopyIban iban={a.iban} />
        <a class="btn btn--small btn--ghost-light" href={`/comptes/${a.id}/rib`}>
          RIB
        </a>
        <a class="btn btn--small btn--ghost-light" href={`/comptes/${a.id}/releve?mois=${month}`}>
          Relevés
        </a>
        <a class="btn btn--small btn--ghost-light" href="/documents">
          Documents
        </a>
      </div>
      {a.closedAt && <p class="account-card__closed">Compte clôturé : historique consultable.</p>}
    </section>
  );
}

/** Whether the « … » menu of the selected account is open. */
const manageOpen = signal(false);

/**
 * Deposit (dev only), rename and close, for the selected account, behind the card's
 * « … ». The last open checking account is never closed from here: with the advisor.
 */
export function AccountManage() {
  const { openAccounts, selectedAccount } = useAppState().accounts;
  const a = selectedAccount.value;
  if (!a || a.closedAt || !manageOpen.value) return null;
  const lastChecking =
    a.type === 'checking' && openAccounts.value.filter((x) => x.type === 'checking').length <= 1;
  return (
    <div class="panel account-manage" id="account-manage" aria-label="Gérer ce compte" role="group">
      <SimulateDepositForm account={a} key={`d${a.id}`} />
      <RenameAccountForm account={a} key={`r${a.id}`} />
      {lastChecking ? (
        <p class="muted account-manage__note">
          Votre dernier compte courant se clôture avec votre conseiller :{' '}
          <a href="/messages">écrivez-lui</a>.
        </p>
      ) : (
        <CloseAccountForm account={a} key={`c${a.id}`} />
      )}
    </div>
  );
}
