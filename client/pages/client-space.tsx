import { useEffect } from 'preact/hooks';
import { AppShell } from '../components/layout';
import { AccountCard, AccountManage } from '../components/account-card';
import { Avatar } from '../components/avatar';
import { ClientChatPanel } from '../components/chat/client-chat-panel';
import { NewsFeed } from '../components/feed/news-feed';
import { NotificationBell } from '../components/feed/notification-bell';
import { RealtimeMount } from '../components/realtime-mount';
import { SoundToggle } from '../components/sound-toggle';
import { Welcome } from '../components/welcome';
import { OnboardingChecklist } from '../components/onboarding';
import { ICONS, type NavItem } from '../components/tab-bar';
import { AccountList } from '../components/money/account-list';
import { History } from '../components/money/history';
import { TransferForm } from '../components/money/transfer-form';
import { TransfersList } from '../components/money/transfers-list';
import { Beneficiaries } from '../components/money/beneficiaries';
import { StatementPage, RibPage } from './printable';
import { DocumentsPage } from './documents';
import { NotificationSettingsPage } from './notification-settings';
import { me } from '../state/session';
import { useAppState } from '../state/app-state';
import { isWide } from '../state/viewport';
import { path } from '../router';
import { fullName, roleLabel } from '../format';
import { lazyComponent } from '../lazy';
import { MARKET_PATHS } from './client-paths';

// The market (order book, chart, forms) loads when the client first opens « Bourse ».
const MarketPage = lazyComponent(() => import('./market').then((m) => m.MarketPage));
import { SavingsCard } from '../components/market/savings-card';
import { ScaSheet } from '../components/sca-sheet';
import { PasskeyOffer } from '../components/passkey-offer';
import { SecurityPage } from './security';

function AdvisorPanel() {
  const user = me.value!;
  return (
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
  );
}

/**
 * Comptes. On a phone: the balance card (its actions behind « … »), a newcomer's
 * checklist, then the last operations, then the other accounts. On wide screens the
 * advisor, news and chat beside.
 */
function BankHome() {
  const user = me.value!;
  const wide = isWide.value;
  return (
    <>
      <h1 class="page-title">Bonjour {user.firstName}</h1>
      <Welcome />
      <div class={wide ? 'bank-grid bank-grid--wide' : 'bank-grid'}>
        <div class="bank-grid__accounts">
          <AccountCard />
          <AccountManage />
          <OnboardingChecklist />
          {wide && <AccountList />}
          {wide && <SavingsCard />}
          {wide && <AdvisorPanel />}
          {wide && <NewsFeed />}
        </div>
        <div class="bank-grid__history">
          <History />
          {!wide && <AccountList />}
          {!wide && <SavingsCard />}
        </div>
        {wide && (
          <div class="bank-grid__chat">
            <ClientChatPanel />
          </div>
        )}
      </div>
    </>
  );
}

function TransfersPage() {
  return (
    <>
      <h1 class="page-title">Virements</h1>
      <div class="two-cols">
        <section class="panel" aria-labelledby="transfer-title">
          <h2 id="transfer-title" class="panel__title">
            Nouveau virement
          </h2>
          <TransferForm />
        </section>
        <Beneficiaries />
      </div>
      <TransfersList />
    </>
  );
}

function MessagesPage() {
  return (
    <>
      <h1 class="page-title">Messages</h1>
      <div class="messages-page">
        <AdvisorPanel />
        <ClientChatPanel />
      </div>
    </>
  );
}

function NewsPage() {
  return (
    <>
      <h1 class="page-title">Actualités</h1>
      <NewsFeed heading="Les actualités de la banque" />
    </>
  );
}

/** The client's sections, by path; anything else is the bank home. */
function section(p: string) {
  const doc = /^\/comptes\/(\d+)\/(releve|rib)$/.exec(p);
  if (doc) {
    const id = Number(doc[1]);
    return doc[2] === 'rib' ? <RibPage accountId={id} /> : <StatementPage accountId={id} />;
  }
  if (p === '/virements') return <TransfersPage />;
  if (MARKET_PATHS.test(p)) return <MarketPage />;
  if (p === '/messages') return <MessagesPage />;
  if (p === '/actualites') return <NewsPage />;
  if (p === '/securite') return <SecurityPage />;
  if (p === '/documents') return <DocumentsPage />;
  if (p === '/notifications/reglages') return <NotificationSettingsPage />;
  return <BankHome />;
}

/** The client's space: accounts and money, transfers, the chat with the advisor, the bank's news. */
export function ClientSpace() {
  const { loadOnboarding } = useAppState().onboarding;
  const { detectDeposit, loadAccounts } = useAppState().accounts;
  useEffect(() => {
    void loadAccounts();
    void detectDeposit();
    void loadOnboarding();
  }, []);
  const unread = useAppState().chat.privateConversation.value?.unreadCount ?? 0;
  const nav: NavItem[] = [
    { href: '/', label: 'Comptes', icon: ICONS.accounts },
    { href: '/virements', label: 'Virements', icon: ICONS.transfers },
    { href: '/bourse', label: 'Bourse', icon: ICONS.market },
    { href: '/messages', label: 'Messages', icon: ICONS.messages, count: unread },
    { href: '/actualites', label: 'Actualités', icon: ICONS.news },
  ];
  return (
    <AppShell
      actions={
        <>
          <SoundToggle />
          <NotificationBell />
        </>
      }
      nav={nav}
    >
      <RealtimeMount />
      <ScaSheet />
      {path.value === '/' && <PasskeyOffer />}
      {section(path.value)}
    </AppShell>
  );
}
