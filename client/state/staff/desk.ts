/**
 * The director's desk: the ledger check (GET /api/admin/ledger/check, with the
 * time it ran as seen here) and the workload per advisor (GET /api/staff/workload).
 */
import { computed, signal } from '@preact/signals';
import { api } from '../../api';
import type { LedgerCheck, UserSummary } from '../../types';

export type LedgerRun = { ok: boolean; checks: LedgerCheck[]; ranAt: string };
export type Workload = {
  advisor: UserSummary;
  clients: number;
  unansweredConversations: number;
  openAlerts: number;
};

const run = signal<LedgerRun | null>(null);
const running = signal(false);
const runFailed = signal(false);
const workload = signal<Workload[] | null>(null);
const workloadFailed = signal(false);

export const ledgerRun = computed(() => run.value);
export const ledgerRunning = computed(() => running.value);
export const ledgerFailed = computed(() => runFailed.value);
export const advisorWorkload = computed(() => workload.value);
export const workloadLoadFailed = computed(() => workloadFailed.value);

/** Runs every invariant of the ledger now. */
export async function runLedgerCheck() {
  if (running.value) return;
  running.value = true;
  try {
    const answer = await api.get<{ ok: boolean; checks: LedgerCheck[] }>('/api/admin/ledger/check');
    run.value = { ...answer, ranAt: new Date().toISOString() };
    runFailed.value = false;
  } catch {
    runFailed.value = true;
  } finally {
    running.value = false;
  }
}

export async function loadWorkload() {
  try {
    workload.value = (await api.get<{ items: Workload[] }>('/api/staff/workload')).items;
    workloadFailed.value = false;
  } catch {
    workloadFailed.value = true;
  }
}
