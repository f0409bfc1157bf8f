import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { useAppState } from '../../state/app-state';
import { changeAdvisor } from '../../state/clients';
import { fullName } from '../../format';
import type { ClientListItem } from '../../types';
import './staff.css';

/** Director: « Changer de conseiller » on one client, among the advisors of the team. */
export function ChangeAdvisor({
  client,
  onChanged,
}: {
  client: Pick<ClientListItem, 'id' | 'firstName' | 'lastName' | 'advisor'>;
  onChanged?: () => unknown;
}) {
  const group = useAppState().chat.groupConversation.value;
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
      void onChanged?.();
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
