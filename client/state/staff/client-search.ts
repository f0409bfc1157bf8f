/**
 * The staff list's question (search, sort, page) and the page it answers
 * (GET /api/clients?q&sort&order&limit&offset → {items, total}). An answer to an
 * older question is dropped.
 */
import { computed, signal } from '@preact/signals';
import { api } from '../../api';
import type { ClientRow } from '../../types';

export const CLIENTS_PAGE_SIZE = 20;
export type ClientSort = 'name' | 'balance' | 'lastContact';
export type ClientQuery = { q: string; sort: ClientSort; order: 'asc' | 'desc'; page: number };

const question = signal<ClientQuery>({ q: '', sort: 'name', order: 'asc', page: 0 });
const answer = signal<{ items: ClientRow[]; total: number } | null>(null);
const failed = signal(false);
let asked = 0;

export const clientQuery = computed(() => question.value);
export const clientPage = computed(() => answer.value);
export const clientPageFailed = computed(() => failed.value);
export const pageCount = computed(() =>
  Math.max(1, Math.ceil((answer.value?.total ?? 0) / CLIENTS_PAGE_SIZE)),
);

export async function loadClientPage() {
  const { q, sort, order, page } = question.value;
  const params = new URLSearchParams({
    sort,
    order,
    limit: String(CLIENTS_PAGE_SIZE),
    offset: String(page * CLIENTS_PAGE_SIZE),
  });
  if (q.trim()) params.set('q', q.trim());
  const mine = ++asked;
  try {
    const res = await api.get<{ items: ClientRow[]; total: number }>(`/api/clients?${params}`);
    if (mine !== asked) return;
    answer.value = res;
    failed.value = false;
  } catch {
    if (mine === asked) failed.value = true;
  }
}

/** A new search or sort starts at the first page; a page change keeps the rest. */
export function askClients(next: Partial<ClientQuery>) {
  const page = next.page ?? 0;
  question.value = { ...question.value, ...next, page };
  void loadClientPage();
}
