import { useEffect, useState } from 'preact/hooks';
import { clientById } from '../../state/clients';
import { loadClientAccounts } from '../../state/clients';
import { formatMoney, fullName } from '../../format';
import { groupIban } from '../../iban';
import type { AccountView } from '../../types';
import { ClientPortfolioSummary } from '../market/staff-market';

/** The « e-mail non confirmé » tag of staff lists. */
export function EmailTag() {
  return (
    <span class="tag tag--warning" data-testid="email-unverified">
      e-mail non confirmé
    </span>
  );
}

/**
 * Beside the open conversation: who the client is, their advisor, whether their
 * e-mail is confirmed, and their accounts when the server offers them to staff.
 */
export function ClientPanel({ clientId }: { clientId: number }) {
  const client = clientById(clientId);
  const [accounts, setAccounts] = useState<AccountView[] | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void loadClientAccounts(clientId).then((a) => live && setAccounts(a));
    return () => void (live = false);
  }, [clientId]);
  return (
    <aside
      class="panel client-panel"
      aria-labelledby="client-panel-title"
      data-testid="client-panel"
    >
      <h2 id="client-panel-title" class="panel__title">
        Fiche client
      </h2>
      {!client ? (
        <p class="muted" aria-busy="true">
          Chargement…
        </p>
      ) : (
        <dl class="client-panel__facts">
          <dt>Nom</dt>
          <dd>{fullName(client)}</dd>
          <dt>E-mail</dt>
          <dd>
            <span class="client-panel__email">{client.email}</span>{' '}
            {client.emailVerified ? <span class="tag tag--ok">confirmé</span> : <EmailTag />}
          </dd>
          <dt>Conseiller</dt>
          <dd>{client.advisor ? fullName(client.advisor) : 'Aucun'}</dd>
          <dt>Présence</dt>
          <dd>{client.online ? 'En ligne' : 'Hors ligne'}</dd>
        </dl>
      )}
      {accounts && (
        <>
          <h3 class="client-panel__subtitle">Comptes</h3>
          <ul class="client-panel__accounts" data-testid="client-accounts">
            {accounts.map((a) => (
              <li key={a.id}>
                <span class="client-panel__account-label">{a.label}</span>
                <span class="client-panel__balance">{formatMoney(a.balanceCents, a.currency)}</span>
                <span class="client-panel__iban">{groupIban(a.iban)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <ClientPortfolioSummary clientId={clientId} />
      <p class="client-panel__more">
        <a href={`/clients/${clientId}`}>Ouvrir la fiche client</a>
      </p>
    </aside>
  );
}
