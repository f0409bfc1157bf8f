/**
 * The staff alerts (GET /api/staff/alerts, SSE `staff.alert`): the open ones,
 * newest first, arriving live; « Traitée » marks one handled for the team.
 */
import { computed, signal } from '@preact/signals';
import { api } from '../../api';
import type { StaffAlertView } from '../../types';
import type { EventStream } from '../event-stream';

const items = signal<StaffAlertView[] | null>(null);
const failed = signal(false);
/** The newest alert that arrived live in this tab (announced to screen readers). */
const latest = signal<StaffAlertView | null>(null);

export const staffAlerts = computed(() => items.value);
export const staffAlertsFailed = computed(() => failed.value);
export const latestLiveAlert = computed(() => latest.value);
export const alertsOf = (clientId: number) =>
  (items.value ?? []).filter((a) => a.client.id === clientId);

export async function loadStaffAlerts() {
  try {
    items.value = (await api.get<{ items: StaffAlertView[] }>('/api/staff/alerts')).items;
    failed.value = false;
  } catch {
    if (!items.value) failed.value = true;
  }
}

function receive({ alert }: { alert: StaffAlertView }) {
  const list = items.value ?? [];
  if (list.some((a) => a.id === alert.id)) return;
  items.value = [alert, ...list].sort((a, b) => b.id - a.id);
  latest.value = alert;
}

/** Marks an alert handled; it leaves the list at once (throws the ApiError). */
export async function resolveStaffAlert(id: number) {
  await api.post(`/api/staff/alerts/${id}/resolve`);
  items.value = (items.value ?? []).filter((a) => a.id !== id);
}

/** Ties the alerts to the tab's stream (a replay or reset refetches); returns what unties them. */
export function connectStaffAlerts(stream: EventStream) {
  void loadStaffAlerts();
  const undo = [stream.on('staff.alert', receive), stream.onResync(() => void loadStaffAlerts())];
  return () => undo.forEach((fn) => fn());
}
