import { computed, signal } from '@preact/signals';
import { api } from '../api';
import type { AccountView, ClientListItem } from '../types';

const items = signal<ClientListItem[] | null>(null);
const failed = signal(false);

/** The staff member's clients (all of them for the director). */
export const clients = computed(() => items.value);
export const clientsFailed = computed(() => failed.value);

export async function loadClients() {
  try {
    items.value = (await api.get<{ items: ClientListItem[] }>('/api/clients')).items;
    failed.value = false;
  } catch {
    failed.value = true;
  }
}

export const clientById = (id: number) => items.value?.find((c) => c.id === id) ?? null;

/** Live presence from the chat socket keeps the list's dots right. */
export function setClientOnline(userId: number, online: boolean) {
  if (!items.value) return;
  items.value = items.value.map((c) => (c.id === userId ? { ...c, online } : c));
}

/** Director: gives the client to another advisor (their conversation follows); throws the ApiError. */
export async function changeAdvisor(clientId: number, advisorId: number) {
  const { client } = await api.patch<{ client: ClientListItem }>(`/api/clients/${clientId}`, {
    advisorId,
  });
  if (items.value) items.value = items.value.map((c) => (c.id === clientId ? client : c));
  return client;
}

/**
 * A client's accounts as their advisor or the director sees them (GET /api/clients/:id/accounts);
 * null while the server does not offer it.
 */
export async function loadClientAccounts(clientId: number): Promise<AccountView[] | null> {
  try {
    return (await api.get<{ items: AccountView[] }>(`/api/clients/${clientId}/accounts`)).items;
  } catch {
    return null;
  }
}
