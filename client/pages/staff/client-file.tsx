import { useEffect, useMemo } from 'preact/hooks';
import { createClientFile } from '../../state/staff/client-file';
import { alertsOf, latestLiveAlert } from '../../state/staff/alerts';
import { navigate } from '../../router';
import { fullName } from '../../format';
import { History } from '../../components/money/history';
import {
  Accounts,
  Conversation,
  Documents,
  Identity,
  Market,
  Notifications,
  Scheduled,
} from '../../components/staff/file-sections';
import { Notes } from '../../components/staff/notes';
import { AlertItem } from '../../components/staff/alerts-panel';
import { showConversation } from '../../components/chat/staff-inbox';
import { staffTab } from '../staff-space';
import '../../components/staff/staff.css';

/** `/clients/:id` for staff. */
export const CLIENT_FILE_PATH = /^\/clients\/([1-9]\d{0,14})$/;

/** The advisor's client file: who, what they hold and did, what was said, and the team's notes. */
export function ClientFilePage({ clientId }: { clientId: number }) {
  const file = useMemo(() => createClientFile(clientId), [clientId]);
  useEffect(() => {
    void file.load();
    return file.history.follow();
  }, [file]);
  // An alert about this client (a movement) refreshes the balances and the history.
  const latest = latestLiveAlert.value;
  useEffect(() => {
    if (latest?.client.id !== clientId) return;
    void file.reloadMoney();
    void file.history.loadOperations();
  }, [latest?.id]);
  const identity = file.identity.value;
  const name = identity && typeof identity === 'object' ? fullName(identity.client) : 'Client';
  const alerts = alertsOf(clientId);

  return (
    <div class="client-file" data-testid="client-file">
      <p class="client-file__back">
        <a href="/" onClick={() => (staffTab.value = 'clients')}>
          ← Clients
        </a>
      </p>
      <h2 class="page-title client-file__title">Fiche client — {name}</h2>
      {alerts.length > 0 && (
        <section class="panel staff-alerts" aria-labelledby="file-alerts-title">
          <h3 id="file-alerts-title" class="panel__title">
            Alertes
          </h3>
          <ul class="staff-alerts__list" data-testid="file-alerts">
            {alerts.map((a) => (
              <AlertItem key={a.id} alert={a} withClient={false} />
            ))}
          </ul>
        </section>
      )}
      <div class="client-file__grid">
        <div class="client-file__col">
          <Identity file={file} />
          <Accounts file={file} />
          {file.account.value && <History model={file.history} />}
        </div>
        <div class="client-file__col">
          <Notes file={file} />
          <Conversation
            conversationId={
              identity === null
                ? undefined
                : typeof identity === 'object'
                  ? identity.conversationId
                  : null
            }
            onOpen={(id) => {
              staffTab.value = 'messages';
              navigate('/');
              showConversation(id);
            }}
          />
          <Notifications file={file} />
          <Scheduled file={file} />
          <Market file={file} />
          <Documents file={file} />
        </div>
      </div>
    </div>
  );
}
