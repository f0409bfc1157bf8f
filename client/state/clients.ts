import { computed, signal } from '@preact/signals';
import { api } from '../api';
import type { ClientListItem } from '../types';

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

/** Live presence from the chat socket keeps the list's dots right. */
export function setClientOnline(userId: number, online: boolean) {
  if (!items.value) return;
  items.value = items.value.map((c) => (c.id === userId ? { ...c, online } : c));
}
