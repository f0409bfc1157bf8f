import { useEffect, useState } from 'preact/hooks';
import { signal } from '@preact/signals';
import { AppShell } from '../components/layout';
import { Avatar } from '../components/avatar';
import { StaffInbox } from '../components/chat/staff-inbox';
import { TeamChat } from '../components/chat/team-chat';
import { ChatTabCount } from '../components/chat/tab-count';
import { StaffComposers } from '../components/feed/staff-composers';
import { RealtimeMount } from '../components/realtime-mount';
import { FeedStreamMount } from '../components/feed/feed-stream-mount';
import { clients, clientsFailed, loadClients } from '../state/clients';
import { me } from '../state/session';
import { fullName } from '../format';
import { ClientPortfolio, StaffMarket } from '../components/market/staff-market';

export function ClientList() {
  useEffect(() => void loadClients(), []);
  const [shown, setShown] = useState<number | null>(null);
  const director = me.value?.role === 'director';
  if (clientsFailed.value)
    return <p class="alert alert--error">La liste des clients n’a pas pu être chargée.</p>;
  if (!clients.value) return <p aria-busy="true">Chargement…</p>;
  if (clients.value.length === 0) return <p class="muted">Aucun client pour le moment.</p>;
  return (
    <ul class="row-list">
      {clients.value.map((c) => (
        <li class="row-list__item" key={c.id}>
          <Avatar user={c} online={c.online} />
          <div class="row-list__main client-list__main">
            <p class="person__name">{fullName(c)}</p>
            <p class="muted">{c.email}</p>
          </div>
          {director && c.advisor && (
            <p class="muted client-list__advisor">Conseiller : {fullName(c.advisor)}</p>
          )}
          <button
            type="button"
            class="btn btn--small btn--ghost"
            aria-expanded={shown === c.id}
            onClick={() => setShown(shown === c.id ? null : c.id)}
          >
            Portefeuille
          </button>
          {shown === c.id && (
            <div class="client-list__portfolio">
              <ClientPortfolio clientId={c.id} />
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

type Tab = 'messages' | 'equipe' | 'clients' | 'publier' | 'marche';
const TABS: { id: Tab; label: string }[] = [
  { id: 'messages', label: 'Messages clients' },
  { id: 'equipe', label: 'Équipe' },
  { id: 'clients', label: 'Clients' },
  { id: 'publier', label: 'Publier' },
];
const DIRECTOR_TABS: { id: Tab; label: string }[] = [{ id: 'marche', label: 'Épargne et bourse' }];
/** The open tab; other models may switch it (e.g. opening a conversation). */
export const staffTab = signal<Tab>('messages');

/** The staff space: client conversations, the team chat, the client list, the composers. */
export function StaffSpace() {
  const director = me.value?.role === 'director';
  const tab = staffTab.value;
  return (
    <AppShell>
      <RealtimeMount />
      <FeedStreamMount />
      <h1 class="page-title">{director ? 'Direction' : 'Espace conseiller'}</h1>
      <div class="tabs" role="tablist" aria-label="Sections">
        {[...TABS, ...(director ? DIRECTOR_TABS : [])].map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            class={`tabs__tab${tab === t.id ? ' tabs__tab--active' : ''}`}
            onClick={() => (staffTab.value = t.id)}
          >
            {t.label}
            <ChatTabCount tab={t.id} />
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} class="tabpanel">
        {tab === 'messages' && <StaffInbox />}
        {tab === 'equipe' && <TeamChat />}
        {tab === 'publier' && <StaffComposers />}
        {tab === 'marche' && director && <StaffMarket />}
        {tab === 'clients' && (
          <section class="panel" aria-labelledby="clients-title">
            <h2 id="clients-title" class="panel__title">
              {director ? 'Tous les clients' : 'Mes clients'}
            </h2>
            <ClientList />
          </section>
        )}
      </div>
    </AppShell>
  );
}
