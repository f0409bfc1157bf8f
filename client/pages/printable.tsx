/** Printable documents of one account: the monthly statement and the RIB (print CSS shows only them). */
import { useEffect } from 'preact/hooks';
import { useAppState } from '../state/app-state';
import { loadStatement, statement, statementFailed } from '../state/statement';
import { me } from '../state/session';
import { navigate, query } from '../router';
import type { Account } from '../types';
import { formatMoney, formatMonth, formatShortDate, fullName, parisDay } from '../format';
import { Iban, SignedAmount } from '../components/money/amount';
import { LoadFailed } from '../components/load-failed';
import { ACCOUNT_TYPES } from '../components/money/account-types';

export const BANK = {
  name: 'AVENIR',
  legal: 'Alliance de Valeurs Économiques et Nationales Investies Responsablement',
  address: ['12 rue de la Bourse', '75002 Paris'],
  bic: 'AVNRFRPPXXX',
};

/** The months an account has lived, newest first (at most two years). */
function monthsOf(account: Account) {
  const months: string[] = [];
  const first = parisDay(account.createdAt).slice(0, 7);
  let [y, m] = parisDay(new Date()).slice(0, 7).split('-').map(Number);
  while (months.length < 24) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    months.push(key);
    if (key <= first) break;
    m -= 1;
    if (m === 0) [y, m] = [y - 1, 12];
  }
  return months;
}

function DocumentBar({ back, children }: { back: string; children?: preact.ComponentChildren }) {
  return (
    <div class="doc-bar no-print">
      <a href={back} class="btn btn--ghost btn--small">
        ← Retour aux comptes
      </a>
      {children}
      <button type="button" class="btn btn--primary btn--small" onClick={() => print()}>
        Imprimer ou enregistrer en PDF
      </button>
    </div>
  );
}

function BankHeader({ title, subtitle }: { title: string; subtitle: string }) {
  return (
    <header class="doc__head">
      <div>
        <p class="doc__bank">{BANK.name}</p>
        <p class="doc__small">{BANK.legal}</p>
        <p class="doc__small">{BANK.address.join(', ')}</p>
      </div>
      <div class="doc__title">
        <h1>{title}</h1>
        <p>{subtitle}</p>
      </div>
    </header>
  );
}

function useAccount(accountId: number) {
  const { accounts } = useAppState().accounts;
  const list = accounts.value;
  return { loading: !list, account: list?.find((a) => a.id === accountId) ?? null };
}

export function StatementPage({ accountId }: { accountId: number }) {
  const { loading, account } = useAccount(accountId);
  const month = query.value.get('mois') ?? parisDay(new Date()).slice(0, 7);
  useEffect(() => {
    if (account && /^\d{4}-\d{2}$/.test(month)) void loadStatement(accountId, month);
  }, [accountId, month, !!account]);
  if (loading) return <p aria-busy="true">Chargement…</p>;
  if (!account) return <p class="alert alert--error">Ce compte est introuvable.</p>;
  const s = statement.value;
  const user = me.value!;
  return (
    <>
      <DocumentBar back="/">
        <label class="doc-bar__month">
          <span>Mois</span>
          <select
            value={month}
            onChange={(e) =>
              navigate(`/comptes/${accountId}/releve?mois=${e.currentTarget.value}`, {
                replace: true,
              })
            }
          >
            {monthsOf(account).map((m) => (
              <option key={m} value={m}>
                {formatMonth(m)}
              </option>
            ))}
          </select>
        </label>
      </DocumentBar>
      <article
        class="doc"
        data-testid="statement"
        aria-label={`Relevé de compte, ${formatMonth(month)}`}
      >
        <BankHeader title="Relevé de compte" subtitle={formatMonth(month)} />
        <dl class="doc__facts">
          <dt>Titulaire</dt>
          <dd>{fullName(user)}</dd>
          <dt>Compte</dt>
          <dd>
            {account.label}
            {account.label !== ACCOUNT_TYPES[account.type] && ` (${ACCOUNT_TYPES[account.type]})`}
          </dd>
          <dt>IBAN</dt>
          <dd>
            <Iban iban={account.iban} />
          </dd>
        </dl>
        {statementFailed.value ? (
          <LoadFailed onRetry={() => loadStatement(accountId, month)}>
            Le relevé n’a pas pu être chargé.
          </LoadFailed>
        ) : !s ? (
          <p aria-busy="true">Chargement du relevé…</p>
        ) : (
          <>
            <table class="doc__table">
              <caption class="visually-hidden">Opérations de {formatMonth(month)}</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Libellé</th>
                  <th scope="col" class="num">
                    Montant
                  </th>
                  <th scope="col" class="num">
                    Solde
                  </th>
                </tr>
              </thead>
              <tbody>
                <tr class="doc__balance-row">
                  <td colSpan={3}>Solde au début du mois</td>
                  <td class="num" data-testid="opening-balance">
                    {formatMoney(s.openingBalanceCents)}
                  </td>
                </tr>
                {s.operations.map((o) => (
                  <tr key={o.id}>
                    <td>{formatShortDate(o.createdAt)}</td>
                    <td>
                      {o.label}
                      {o.counterparty && <span class="doc__small"> — {o.counterparty.name}</span>}
                    </td>
                    <td class="num">
                      <SignedAmount cents={o.amountCents} />
                    </td>
                    <td class="num">{formatMoney(o.balanceAfterCents)}</td>
                  </tr>
                ))}
                <tr class="doc__balance-row">
                  <td colSpan={3}>Solde en fin de mois</td>
                  <td class="num" data-testid="closing-balance">
                    {formatMoney(s.closingBalanceCents)}
                  </td>
                </tr>
              </tbody>
            </table>
            {s.operations.length === 0 && <p class="muted">Aucune opération ce mois-ci.</p>}
          </>
        )}
        <p class="doc__foot">
          {BANK.name} · BIC {BANK.bic} · document établi le{' '}
          {formatShortDate(new Date().toISOString())}
        </p>
      </article>
    </>
  );
}

/** The RIB: holder, IBAN, BIC and the French bank details read from the IBAN. */
export function RibPage({ accountId }: { accountId: number }) {
  const { loading, account } = useAccount(accountId);
  if (loading) return <p aria-busy="true">Chargement…</p>;
  if (!account) return <p class="alert alert--error">Ce compte est introuvable.</p>;
  const iban = account.iban;
  const user = me.value!;
  const parts = [
    ['Code banque', iban.slice(4, 9)],
    ['Code guichet', iban.slice(9, 14)],
    ['Numéro de compte', iban.slice(14, 25)],
    ['Clé RIB', iban.slice(25, 27)],
  ];
  return (
    <>
      <DocumentBar back="/" />
      <article class="doc doc--rib" data-testid="rib" aria-label="Relevé d’identité bancaire">
        <BankHeader title="Relevé d’identité bancaire" subtitle={account.label} />
        <dl class="doc__facts">
          <dt>Titulaire</dt>
          <dd>{fullName(user)}</dd>
          <dt>IBAN</dt>
          <dd class="doc__iban">
            <Iban iban={iban} />
          </dd>
          <dt>BIC</dt>
          <dd>{BANK.bic}</dd>
          <dt>Domiciliation</dt>
          <dd>
            {BANK.name}, {BANK.address.join(', ')}
          </dd>
        </dl>
        <table class="doc__table doc__rib-table">
          <caption class="visually-hidden">Coordonnées bancaires</caption>
          <thead>
            <tr>
              {parts.map(([k]) => (
                <th scope="col" key={k}>
                  {k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {parts.map(([k, v]) => (
                <td key={k}>{v}</td>
              ))}
            </tr>
          </tbody>
        </table>
        <p class="doc__foot">
          Communiquez ce RIB pour recevoir des virements ou mettre en place des prélèvements.
        </p>
      </article>
    </>
  );
}
