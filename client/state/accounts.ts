import { computed, signal } from '@preact/signals';
import { api } from '../api';
import type { AccountView } from '../types';

const items = signal<AccountView[] | null>(null);
const failed = signal(false);

export const accounts = computed(() => items.value);
export const accountsFailed = computed(() => failed.value);

export async function loadAccounts() {
  try {
    items.value = (await api.get<{ items: AccountView[] }>('/api/accounts')).items;
    failed.value = false;
  } catch {
    failed.value = true;
  }
}
