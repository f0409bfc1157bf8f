import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import type { ClientFile, Section } from '../../state/staff/client-file';
import type { MessageView } from '../../types';
import { formatMoney, formatShortDate, formatWhen, fullName } from '../../format';
import { groupIban } from '../../iban';
import { formatPrice, sideLabel, STATUS_LABELS } from '../market/format';
import { PortfolioView } from '../market/portfolio-view';
import { LoadFailed } from '../load-failed';

/** A titled panel of the file whose body depends on its section's state. */
export function FilePanel<T>({
  id,
  title,
  value,
  retry,
  missing = 'Pas encore disponible.',
  empty,
  children,
}: {
  id: string;
  title: string;
  value: Section<T>;
  retry: () => unknown;
  missing?: string;
  /** What an empty list says (its children are then not asked). */
  empty?: string;
  children: (data: T) => ComponentChildren;
}) {
  return (
    <section class="panel file-panel" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`} class="panel__title">
        {title}
      </h2>
      {value === null ? (
        <p class="muted" aria-busy="true">
          Chargement…
        </p>
      ) : value === 'failed' ? (
        <LoadFailed onRetry={retry}>Cette section n’a pas pu être chargée.</LoadFailed>
      ) : value === 'missing' ? (
        <p class="muted">{missing}</p>
      ) : empty && Array.isArray(value) && value.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        children(value)
      )}
    </section>
  );
}

const CIVILITY = { madame: 'Madame', monsieur: 'Monsieur' } as const;

export function Identity({ file }: { file: ClientFile }) {
  return (
    <FilePanel id="file-identity" title="Identité" value={file.identity.value} retry={file.load}>
      {({ client: c }) => (
        <dl class="file-facts">
          <dt>Nom</dt>
          <dd>
            {c.civility ? `${CIVILITY[c.civility]} ` : ''}
            {fullName(c)}
          </dd>
          <dt>E-mail</dt>
          <dd class="file-facts__wrap">
            {c.email} {c.emailVerified ? '(confirmé)' : '(non confirmé)'}
          </dd>
          {c.birthDate && (
            <>
              <dt>Naissance</dt>
              <dd>{formatShortDate(`${c.birthDate}T12:00:00Z`)}</dd>
            </>
          )}
          {c.phone && (
            <>
              <dt>Téléphone</dt>
              <dd>{c.phone}</dd>
            </>
          )}
          {c.address && (
            <>
              <dt>Adresse</dt>
              <dd>
                {c.address.line1}
                {c.address.line2 ? `, ${c.address.line2}` : ''}, {c.address.postalCode}{' '}
                {c.address.city}
              </dd>
            </>
          )}
          <dt>Client depuis</dt>
          <dd>{formatShortDate(c.createdAt)}</dd>
          <dt>Conseiller</dt>
          <dd>{c.advisor ? fullName(c.advisor) : 'Aucun'}</dd>
          <dt>Présence</dt>
          <dd>{c.online ? 'En ligne' : 'Hors ligne'}</dd>
          <dt>Dernier contact</dt>
          <dd>{c.lastContactAt ? formatWhen(c.lastContactAt) : 'aucun'}</dd>
        </dl>
      )}
    </FilePanel>
  );
}

export function Accounts({ file }: { file: ClientFile }) {
  const shown = file.account.value?.id;
  return (
    <FilePanel id="file-accounts" title="Comptes" value={file.accounts.value} retry={file.load}>
      {(list) => (
        <ul class="file-accounts" data-testid="client-accounts">
          {list.map((a) => (
            <li key={a.id}>
              <button
                type="button"
                class={`file-account${a.id === shown ? ' file-account--shown' : ''}`}
                aria-pressed={a.id === shown}
                onClick={() => file.pickAccount(a.id)}
              >
                <span class="file-account__label">
                  {a.label}
                  {a.closedAt ? ' (clôturé)' : ''}
                </span>
                <span
                  class={`file-account__balance${a.balanceCents < 0 ? ' balance--negative' : ''}`}
                >
                  {formatMoney(a.balanceCents, a.currency)}
                </span>
                <span class="muted file-account__iban">{groupIban(a.iban)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </FilePanel>
  );
}

export function Market({ file }: { file: ClientFile }) {
  const portfolio = file.portfolio.value;
  return (
    <>
      {typeof portfolio === 'object' && portfolio !== null && (
        <PortfolioView portfolio={portfolio} title="Portefeuille" />
      )}
      <FilePanel
        id="file-orders"
        title="Ordres de bourse"
        value={file.orders.value}
        retry={file.load}
        empty="Aucun ordre."
      >
        {(orders) => (
          <ul class="row-list">
            {orders.slice(0, 20).map((o) => (
              <li class="row-list__item" key={o.id}>
                <div class="row-list__main">
                  <p class="person__name">
                    {sideLabel(o.side)} {o.quantity} {o.symbol}{' '}
                    {o.type === 'limit' ? `à ${formatPrice(o.limitPriceCents)}` : 'au marché'}
                  </p>
                  <p class="muted">
                    {STATUS_LABELS[o.status]} · {formatWhen(o.createdAt)}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        )}
      </FilePanel>
    </>
  );
}

export function Scheduled({ file }: { file: ClientFile }) {
  return (
    <FilePanel
      id="file-scheduled"
      title="Virements programmés"
      value={file.scheduled.value}
      retry={file.load}
      missing="Les virements programmés ne sont pas encore consultables ici."
      empty="Aucun virement programmé."
    >
      {(list) => (
        <ul class="row-list">
          {list.map((s) => (
            <li class="row-list__item" key={s.id}>
              <div class="row-list__main">
                <p class="person__name">
                  {formatMoney(s.amountCents)} → {s.beneficiaryName}
                </p>
                <p class="muted">
                  {s.label} · prochain : {s.nextDate ?? '—'} · {s.status}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </FilePanel>
  );
}

export function Documents({ file }: { file: ClientFile }) {
  return (
    <FilePanel
      id="file-documents"
      title="Documents"
      value={file.documents.value}
      retry={file.load}
      missing="Les documents ne sont pas encore consultables ici."
      empty="Aucun document."
    >
      {(list) => (
        <ul class="file-list">
          {list.slice(0, 12).map((d) => (
            <li key={d.id}>
              {d.title} <span class="muted">· {formatShortDate(d.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </FilePanel>
  );
}

export function Notifications({ file }: { file: ClientFile }) {
  return (
    <FilePanel
      id="file-notifications"
      title="Notifications reçues"
      value={file.notifications.value}
      retry={file.load}
      empty="Aucune notification."
    >
      {(list) => (
        <ul class="file-list">
          {list.map((n) => (
            <li key={n.id}>
              <strong>{n.title}</strong>
              <span class="muted">
                {' '}
                · {formatWhen(n.createdAt)} · {n.sender ? fullName(n.sender) : 'AVENIR'} ·{' '}
                {n.readAt ? 'lue' : 'non lue'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </FilePanel>
  );
}

/** The last messages of the client's conversation, read-only; answering happens in the inbox. */
export function Conversation({
  conversationId,
  onOpen,
}: {
  /** undefined while the file loads; null: the client has none. */
  conversationId: number | null | undefined;
  onOpen: (id: number) => void;
}) {
  const [messages, setMessages] = useState<MessageView[] | null | 'failed'>(null);
  const load = () =>
    conversationId &&
    api
      .get<{ items: MessageView[] }>(`/api/conversations/${conversationId}/messages?limit=5`)
      .then((p) => setMessages(p.items))
      .catch(() => setMessages('failed'));
  useEffect(() => void load(), [conversationId]);
  const value: Section<MessageView[]> =
    conversationId === undefined ? null : conversationId === null ? 'missing' : messages;
  return (
    <FilePanel
      id="file-conversation"
      title="Conversation"
      value={value}
      retry={load}
      missing="Aucune conversation."
    >
      {(list) => (
        <>
          {list.length === 0 ? (
            <p class="muted">Aucun message.</p>
          ) : (
            <ul class="file-list">
              {list.map((m) => (
                <li key={m.id}>
                  <span class="muted">
                    {fullName(m.sender)} · {formatWhen(m.createdAt)}
                  </span>
                  <p class="file-list__body">{m.body}</p>
                </li>
              ))}
            </ul>
          )}
          <button
            type="button"
            class="btn btn--ghost btn--small"
            onClick={() => onOpen(conversationId!)}
          >
            Ouvrir la conversation
          </button>
        </>
      )}
    </FilePanel>
  );
}
