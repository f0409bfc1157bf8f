import { AppShell } from '../components/layout';
import { AccountCards } from '../components/account-card';
import { Avatar } from '../components/avatar';
import { ClientChatPanel } from '../components/chat/client-chat-panel';
import { NewsFeed } from '../components/feed/news-feed';
import { NotificationBell } from '../components/feed/notification-bell';
import { RealtimeMount } from '../components/realtime-mount';
import { SoundToggle } from '../components/sound-toggle';
import { Welcome } from '../components/welcome';
import { me } from '../state/session';
import { fullName, roleLabel } from '../format';

/** The client's space: accounts, their advisor, the chat and the bank's news. */
export function ClientSpace() {
  const user = me.value!;
  return (
    <AppShell
      actions={
        <>
          <SoundToggle />
          <NotificationBell />
        </>
      }
    >
      <RealtimeMount />
      <h1 class="page-title">Bonjour {user.firstName}</h1>
      <Welcome />
      <div class="client-grid">
        <div class="client-grid__side">
          <AccountCards />
          <section class="panel" aria-labelledby="advisor-title">
            <h2 id="advisor-title" class="panel__title">
              {user.advisor ? `Votre ${roleLabel(user.advisor).toLowerCase()}` : 'Votre conseiller'}
            </h2>
            {user.advisor ? (
              <div class="person">
                <Avatar user={user.advisor} />
                <div>
                  <p class="person__name">{fullName(user.advisor)}</p>
                  <p class="muted">{roleLabel(user.advisor)} AVENIR</p>
                </div>
              </div>
            ) : (
              <p class="muted">Un conseiller vous sera attribué très bientôt.</p>
            )}
          </section>
          <NewsFeed />
        </div>
        <div class="client-grid__main">
          <ClientChatPanel />
        </div>
      </div>
    </AppShell>
  );
}
