import { useSignal } from '@preact/signals';
import { ApiError } from '../../api';
import { latestLiveAlert, resolveStaffAlert, staffAlerts } from '../../state/staff/alerts';
import { formatWhen, fullName } from '../../format';
import type { StaffAlertView } from '../../types';
import './staff.css';

export const ALERT_LABELS: Record<StaffAlertView['kind'], string> = {
  overdrawn: 'Découvert',
  large_transfer: 'Virement important',
  unanswered: 'Sans réponse',
};

/** One alert: what, about whom (a link to their file), when; « Traitée » takes it off the list. */
export function AlertItem({
  alert,
  withClient = true,
}: {
  alert: StaffAlertView;
  withClient?: boolean;
}) {
  const error = useSignal('');
  return (
    <li class={`staff-alert staff-alert--${alert.kind}`} data-testid="staff-alert">
      <div class="staff-alert__main">
        <p class="staff-alert__title">
          <span class="staff-alert__kind">{ALERT_LABELS[alert.kind]}</span>
          {withClient && (
            <>
              {' · '}
              <a href={`/clients/${alert.client.id}`}>{fullName(alert.client)}</a>
            </>
          )}
        </p>
        <p class="staff-alert__detail">{alert.detail}</p>
        <p class="muted staff-alert__when">{formatWhen(alert.createdAt)}</p>
        {error.value && (
          <p class="field__error" role="alert">
            {error.value}
          </p>
        )}
      </div>
      <button
        type="button"
        class="btn btn--ghost btn--small"
        onClick={() =>
          resolveStaffAlert(alert.id).catch(
            (e) => (error.value = e instanceof ApiError ? e.message : 'Échec, réessayez.'),
          )
        }
      >
        Traitée<span class="visually-hidden"> : {alert.detail}</span>
      </button>
    </li>
  );
}

const SHOWN = 3;

/**
 * The home's alerts: the newest few, all on demand, each new one announced as it
 * arrives (`announceOnly`: only announced, where the page lists them itself).
 */
export function AlertsPanel({ announceOnly = false }: { announceOnly?: boolean }) {
  const all = useSignal(false);
  const list = staffAlerts.value ?? [];
  const latest = latestLiveAlert.value;
  return (
    <>
      <p class="visually-hidden" aria-live="polite">
        {latest ? `Nouvelle alerte : ${latest.detail}, ${fullName(latest.client)}` : ''}
      </p>
      {list.length > 0 && !announceOnly && (
        <section
          class="panel staff-alerts"
          aria-labelledby="alerts-title"
          data-testid="staff-alerts"
        >
          <h2 id="alerts-title" class="panel__title">
            Alertes <span class="tabbar__count">{list.length}</span>
          </h2>
          <ul class="staff-alerts__list">
            {(all.value ? list : list.slice(0, SHOWN)).map((a) => (
              <AlertItem key={a.id} alert={a} />
            ))}
          </ul>
          {list.length > SHOWN && (
            <button
              type="button"
              class="btn btn--ghost btn--small"
              aria-expanded={all.value}
              onClick={() => (all.value = !all.value)}
            >
              {all.value ? 'Voir moins' : `Voir les ${list.length} alertes`}
            </button>
          )}
        </section>
      )}
    </>
  );
}
