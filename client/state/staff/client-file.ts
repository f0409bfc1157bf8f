/**
 * One client's file as their advisor or the director sees it: each section is
 * loaded on its own (one failing does not blank the others), « Notes internes »
 * are written here, and the account shown gets the client's history model.
 */
import { computed, signal, type Signal } from '@preact/signals';
import { api, ApiError } from '../../api';
import type { Account, ClientRow, NotificationView, StaffNoteView } from '../../types';
import type { OrderView } from '../../../src/market/views';
import type { Portfolio } from '../market';
import { createHistoryModel } from '../operations';

export type ClientIdentity = ClientRow & {
  createdAt: string;
  civility?: 'madame' | 'monsieur';
  birthDate?: string;
  phone?: string;
  address?: {
    line1: string;
    line2?: string | null;
    postalCode: string;
    city: string;
    country?: string;
  };
};
export type ScheduledTransfer = {
  id: number;
  amountCents: number;
  beneficiaryName: string;
  label: string;
  frequency: string;
  nextDate: string | null;
  status: string;
};
export type ClientDocument = { id: number; title: string; createdAt: string };

/** A section's state: null while loading, 'failed', 'missing' (the server has no such route yet). */
export type Section<T> = T | null | 'failed' | 'missing';

function section<T, B>(path: string, pick: (b: B) => T) {
  const value: Signal<Section<T>> = signal(null);
  async function load() {
    try {
      value.value = pick(await api.get<B>(path));
    } catch (e) {
      value.value = e instanceof ApiError && e.status === 404 ? 'missing' : 'failed';
    }
  }
  return { value: computed(() => value.value), load };
}
const items = <T>(b: { items: T[] }) => b.items;

export function createClientFile(clientId: number) {
  const base = `/api/clients/${clientId}`;
  const identity = section(
    base,
    (b: { client: ClientIdentity; conversationId: number | null }) => b,
  );
  const accounts = section(`${base}/accounts`, items<Account>);
  const orders = section(`${base}/orders?status=all`, items<OrderView>);
  const portfolio = section(`${base}/portfolio`, (b: Portfolio) => b);
  const notifications = section(`${base}/notifications?limit=20`, items<NotificationView>);
  const notes = section(`${base}/notes?limit=100`, items<StaffNoteView>);
  // Other engineers' routes (scheduled transfers, documents): a 404 shows « pas encore disponible ».
  const scheduled = section(`${base}/transfers/scheduled`, items<ScheduledTransfer>);
  const documents = section(`${base}/documents`, items<ClientDocument>);

  const picked = signal<number | null>(null);
  const account = computed(() => {
    const list = accounts.value.value;
    if (!Array.isArray(list)) return null;
    return list.find((a) => a.id === picked.value) ?? list.find((a) => !a.closedAt) ?? null;
  });
  const history = createHistoryModel({
    account,
    base: (id) => `${base}/accounts/${id}`,
  });
  const all = [identity, accounts, orders, portfolio, notifications, notes, scheduled, documents];

  return {
    clientId,
    identity: identity.value,
    accounts: accounts.value,
    orders: orders.value,
    portfolio: portfolio.value,
    notifications: notifications.value,
    notes: notes.value,
    scheduled: scheduled.value,
    documents: documents.value,
    account,
    history,
    pickAccount: (id: number) => void (picked.value = id),
    /** Everything again (on open, and when an alert about this client arrives). */
    load: () => Promise.all(all.map((s) => s.load())),
    reloadMoney: () => Promise.all([identity, accounts].map((s) => s.load())),
    /** Writes a note; throws the ApiError (400 with fields.body, 429). */
    async addNote(body: string) {
      const { note } = await api.post<{ note: StaffNoteView }>(`${base}/notes`, { body });
      await notes.load();
      return note;
    },
  };
}
export type ClientFile = ReturnType<typeof createClientFile>;
