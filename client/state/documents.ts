/**
 * The client's documents (GET /api/documents): loaded when the Documents space
 * opens, new ones added live from `document.created`, refetched after a resync.
 */
import { computed, effect, signal } from '@preact/signals';
import { api } from '../api';
import type { DocumentView } from '../../src/documents/service';
import type { EventStream } from './event-stream';
import { me } from './session';

export type { DocumentView };

const items = signal<DocumentView[] | null>(null);
const failed = signal(false);

export const documents = computed(() => items.value);
export const documentsFailed = computed(() => failed.value);

export async function loadDocuments() {
  failed.value = false;
  try {
    items.value = (await api.get<{ items: DocumentView[] }>('/api/documents')).items;
  } catch {
    failed.value = true;
  }
}

function receive({ document }: { document: DocumentView }) {
  if (!items.value || items.value.some((d) => d.id === document.id)) return;
  items.value = [...items.value, document].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id,
  );
}

export function connectDocuments(stream: EventStream) {
  const undo = [
    stream.on('document.created', receive),
    stream.onResync(() => {
      if (items.value) void loadDocuments();
    }),
    // Signed out: forget, so whoever signs in next on this tab starts clean.
    effect(() => {
      if (me.value === null) items.value = null;
    }),
  ];
  return () => undo.forEach((fn) => fn());
}
