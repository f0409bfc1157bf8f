import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { Avatar } from '../avatar';
import { LoadFailed } from '../load-failed';
import { EmailTag } from '../chat/client-panel';
import { appState } from '../../state/app-state';
import { changeAdvisor, clients, clientsFailed, loadClients } from '../../state/clients';
import { me } from '../../state/session';
import { fullName } from '../../format';
import type { ClientListItem } from '../../types';
import './staff.css';

/** Director: « Changer de conseiller » on one client, among the advisors of the team. */
function ChangeAdvisor({ client }: { client: ClientListItem }) {
  const group = appState().chat.groupConversation.value;
  const advisors = (group?.participants ?? []).filter((p) => p.role === 'advisor');
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const selectId = `advisor-${client.id}`;

  async function confirm(e: Event) {
    e.preventDefault();
    const advisor = advisors.find((a) => String(a.id) === choice);
    if (!advisor) return setMessage({ ok: false, text: 'Choisissez un conseiller.' });
    setBusy(true);
    try {
      await changeAdvisor(client.id, advisor.id);
      setMessage({
        ok: true,
        text: `${fullName(client)} est maintenant suivi par ${fullName(advisor)}.`,
      });
      setOpen(false);
    } catch (err) {
      setMessage({
        ok: false,
        text: err instanceof ApiError ? err.message : 'Le changement n’a pas pu être enregistré.',
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="change-advisor">
      {!open ? (
        <button
          type="button"
          class="btn btn--small btn--ghost"
          onClick={() => {
            setOpen(true);
            setMessage(null);
            setChoice('');
          }}
        >
          Changer de conseiller<span class="visually-hidden"> : {fullName(client)}</span>
        </button>
      ) : (
        <form class="change-advisor__form" onSubmit={confirm}>
          <label for={selectId}>Nouveau conseiller</label>
          <select id={selectId} value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
            <option value="">Choisir…</option>
            {advisors
              .filter((a) => a.id !== client.advisor?.id)
              .map((a) => (
                <option key={a.id} value={String(a.id)}>
                  {fullName(a)}
                </option>
              ))}
          </select>
          <button type="submit" class="btn btn--small btn--primary" disabled={busy}>
            {busy ? 'Enregistrement…' : 'Valider'}
          </button>
          <button type="button" class="btn btn--small btn--ghost" onClick={() => setOpen(false)}>
            Annuler
          </button>
        </form>
      )}
      {message && (
        <p
          class={message.ok ? 'change-advisor__done' : 'field__error'}
          role={message.ok ? 'status' : 'alert'}
        >
          {message.text}
        </p>
      )}
    </div>
  );
}

/** The staff member's clients (all of them for the director, who may reassign each). */
export function ClientList() {
  useEffect(() => void loadClients(), []);
  const director = me.value?.role === 'director';
  if (clientsFailed.value && !clients.value)
    return (
      <LoadFailed onRetry={loadClients}>La liste des clients n’a pas pu être chargée.</LoadFailed>
    );
  if (!clients.value) return <p aria-busy="true">Chargement…</p>;
  if (clients.value.length === 0) return <p class="muted">Aucun client pour le moment.</p>;
  return (
    <ul class="row-list" data-testid="client-list">
      {clients.value.map((c) => (
        <li class="row-list__item client-row" key={c.id} data-testid="client-row">
          <Avatar user={c} online={c.online} />
          <div class="row-list__main client-list__main">
            <p class="person__name">
              {fullName(c)} {!c.emailVerified && <EmailTag />}
            </p>
            <p class="muted">{c.email}</p>
          </div>
          {director && (
            <div class="client-row__advisor">
              <p class="muted client-list__advisor" data-testid="client-advisor">
                Conseiller : {c.advisor ? fullName(c.advisor) : 'aucun'}
              </p>
              <ChangeAdvisor client={c} />
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
