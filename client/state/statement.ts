/** One account's monthly statement (GET /api/accounts/:id/statements/YYYY-MM), for the printable page. */
import { computed, signal } from '@preact/signals';
import { api } from '../api';
import type { Statement } from '../types';

const current = signal<Statement | null>(null);
const failed = signal(false);
let asked = 0;

export const statement = computed(() => current.value);
export const statementFailed = computed(() => failed.value);

export async function loadStatement(accountId: number, month: string) {
  const question = ++asked;
  current.value = null;
  failed.value = false;
  try {
    const s = await api.get<Statement>(`/api/accounts/${accountId}/statements/${month}`);
    if (question === asked) current.value = s;
  } catch {
    if (question === asked) failed.value = true;
  }
}
