/**
 * Scheduled and standing transfers (« Virement programmé » / « permanent ») and
 * the list of past transfers. Setting one up carries an Idempotency-Key, the
 * same one again when the person retries after an unknown outcome.
 * One per tab, made by createAppState and reached through useAppState().scheduled.
 */
import { computed, effect, signal, untracked, type ReadonlySignal } from '@preact/signals';
import { api, ApiError } from '../api';
import { ok, rpc } from '../rpc';
import type { Me, ScheduleInput, ScheduledView, Transfer } from '../types';
import { compactIban } from '../iban';
import { createPagedList } from './paged-list';
import type { EventStream } from './event-stream';

/** A schedule to set up, as POST /api/transfers/scheduled takes it (the proof aside). */
type ScheduleDraft = Omit<ScheduleInput, 'sca'>;

const newKey = () =>
  crypto.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export function createScheduled(deps: {
  me: ReadonlySignal<Me | null | undefined>;
  stream: EventStream;
}) {
  const schedules = signal<ScheduledView[] | null>(null);
  const schedulesFailed = signal(false);
  /** The caller's transfers, newest first, a page at a time. */
  const pastTransfers = createPagedList<Transfer>({ path: '/api/transfers', pageSize: 20 });
  /** The schedule being retried: its body and the key it was first sent with. */
  let pending: { body: string; key: string } | null = null;

  async function loadSchedules() {
    try {
      schedules.value = (await ok(rpc.transfers.scheduled.$get())).items;
      schedulesFailed.value = false;
    } catch {
      if (!schedules.value) schedulesFailed.value = true;
    }
  }

  const replace = (s: ScheduledView) => {
    const list = schedules.value ?? [];
    schedules.value = list.some((x) => x.id === s.id)
      ? list.map((x) => (x.id === s.id ? s : x))
      : [s, ...list];
    return s;
  };

  async function createSchedule(draft: ScheduleDraft): Promise<ScheduledView> {
    const payload = { ...draft, toIban: compactIban(draft.toIban) };
    const body = JSON.stringify(payload);
    if (pending?.body !== body) pending = { body, key: newKey() };
    try {
      const { scheduled } = await api.post<{ scheduled: ScheduledView }>(
        '/api/transfers/scheduled',
        payload,
        { 'Idempotency-Key': pending.key },
      );
      pending = null;
      return replace(scheduled);
    } catch (e) {
      if (e instanceof ApiError && e.status > 0 && e.status < 500 && e.status !== 429)
        pending = null;
      throw e;
    }
  }

  async function updateSchedule(
    id: number,
    patch: { amountCents?: number; label?: string; nextDate?: string; endDate?: string | null },
  ) {
    const { scheduled } = await api.patch<{ scheduled: ScheduledView }>(
      `/api/transfers/scheduled/${id}`,
      patch,
    );
    return replace(scheduled);
  }

  async function cancelSchedule(id: number) {
    const { scheduled } = await api.delete<{ scheduled: ScheduledView }>(
      `/api/transfers/scheduled/${id}`,
    );
    return replace(scheduled);
  }

  // Money moved (a run at 06:00, a transfer from another tab): the lists shown are fetched again.
  const refreshShown = () => {
    if (!schedules.value && !pastTransfers.items.value) return;
    void loadSchedules();
    pastTransfers.touch();
    void pastTransfers.loadNewest();
  };
  const undo = [
    deps.stream.on('account.updated', refreshShown),
    deps.stream.onResync(refreshShown),
    // Signed out: forget, so whoever signs in next on this tab starts clean.
    effect(() => {
      if (deps.me.value === null)
        untracked(() => {
          schedules.value = null;
          schedulesFailed.value = false;
          pastTransfers.clear();
          pending = null;
        });
    }),
  ];

  return {
    schedules: computed(() => schedules.value),
    schedulesFailed: computed(() => schedulesFailed.value),
    pastTransfers,
    loadSchedules,
    createSchedule,
    updateSchedule,
    cancelSchedule,
    dispose: () => undo.forEach((fn) => fn()),
  };
}
export type Scheduled = ReturnType<typeof createScheduled>;
