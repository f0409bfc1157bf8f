import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { AppShell } from '../components/layout';
import { StaffInbox } from '../components/chat/staff-inbox';
import { TeamChat } from '../components/chat/team-chat';
import { ChatTabCount } from '../components/chat/tab-count';
import { ClientList } from '../components/staff/client-list';
import { StaffBell } from '../components/staff/staff-bell';
import { SoundToggle } from '../components/sound-toggle';
import { StaffComposers } from '../components/feed/staff-composers';
import { RealtimeMount } from '../components/realtime-mount';
import { me } from '../state/session';
import { StaffMarket } from '../components/market/staff-market';
import { AlertsPanel } from '../components/staff/alerts-panel';
import { DirectorDesk } from '../components/staff/director-desk';
import { connectStaffAlerts } from '../state/staff/alerts';
import { useAppState } from '../state/app-state';
import { navigate, path } from '../router';
import { ClientFilePage, CLIENT_FILE_PATH } from './staff/client-file';

/** The staff's own paths besides `/` (main.tsx keeps staff on them). */
export const STAFF_PATHS = CLIENT_FILE_PATH;

export type Tab = 'messages' | 'equipe' | 'clients' | 'publier' | 'marche' | 'pilotage';
export const TABS: { id: Tab; label: string; directorOnly?: boolean }[] = [
  { id: 'messages', label: 'Messages clients' },
  { id: 'equipe', label: 'Équipe' },
  { id: 'clients', label: 'Clients' },
  { id: 'publier', label: 'Publier' },
  { id: 'marche', label: 'Épargne et bourse', directorOnly: true },
  { id: 'pilotage', label: 'Pilotage', directorOnly: true },
];
/** The open tab; other models may switch it (e.g. opening a conversation). */
export const staffTab = signal<Tab>('messages');

/** The staff space: client conversations, the team chat, the client list, the composers. */
export function StaffSpace() {
  const director = me.value?.role === 'director';
  const tab = staffTab.value;
  const { stream } = useAppState();
  useEffect(() => connectStaffAlerts(stream), []);
  const file = CLIENT_FILE_PATH.exec(path.value);
  return (
    <AppShell
      actions={
        <>
          <SoundToggle />
          <StaffBell
            onOpen={(t) => {
              staffTab.value = t;
              if (file) navigate('/');
            }}
          />
        </>
      }
    >
      <RealtimeMount />
      <h1 class="page-title">{director ? 'Direction' : 'Espace conseiller'}</h1>
      <AlertsPanel announceOnly={!!file} />
      {file ? (
        <ClientFilePage clientId={Number(file[1])} />
      ) : (
        <StaffTabs director={director} tab={tab} />
      )}
    </AppShell>
  );
}

function StaffTabs({ director, tab }: { director: boolean; tab: Tab }) {
  return (
    <>
      <div class="tabs" role="tablist" aria-label="Sections">
        {TABS.filter((t) => director || !t.directorOnly).map((t) => (
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
        {tab === 'pilotage' && director && <DirectorDesk />}
        {tab === 'clients' && (
          <section class="panel" aria-labelledby="clients-title">
            <h2 id="clients-title" class="panel__title">
              {director ? 'Tous les clients' : 'Mes clients'}
            </h2>
            <ClientList />
          </section>
        )}
      </div>
    </>
  );
}
