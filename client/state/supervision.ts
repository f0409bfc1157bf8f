/**
 * The director's supervision of client conversations (read-only): every private
 * conversation (GET /api/conversations/supervision) and the history of the one
 * on screen. The director is no member of them, so no frame tells of new
 * messages: the open one asks for what followed every few seconds.
 */
import { computed, signal } from '@preact/signals';
import type { ConversationView, MessageView } from '../types';
import { ok, rpc } from '../rpc';

const REFRESH_MS = 5000;

export function createSupervision() {
  const list = signal<ConversationView[] | null>(null);
  const failed = signal(false);
  const thread = signal<{ id: number; messages: MessageView[]; failed: boolean } | null>(null);
  let timer: ReturnType<typeof setInterval> | undefined;

  async function load() {
    try {
      list.value = (await ok(rpc.conversations.supervision.$get())).items;
      failed.value = false;
    } catch {
      if (!list.value) failed.value = true;
    }
  }

  async function fetchThread(id: number) {
    const held = thread.value?.id === id ? thread.value.messages : [];
    const after = held.at(-1)?.id;
    try {
      const page = await ok(
        rpc.conversations[':id'].messages.$get({
          param: { id: String(id) },
          query: after ? { after: String(after), limit: '100' } : { limit: '100' },
        }),
      );
      if (thread.value && thread.value.id !== id) return;
      const known = new Set(held.map((m) => m.id));
      thread.value = {
        id,
        messages: [...held, ...page.items.filter((m) => !known.has(m.id))],
        failed: false,
      };
    } catch {
      if (thread.value?.id === id && !held.length) thread.value = { ...thread.value, failed: true };
    }
  }

  return {
    conversations: computed(() => list.value),
    failed: computed(() => failed.value),
    thread: computed(() => thread.value),
    load,
    /** Shows one conversation (null: none) and keeps it up to date while shown. */
    view(id: number | null) {
      clearInterval(timer);
      thread.value = id === null ? null : { id, messages: [], failed: false };
      if (id === null) return;
      void fetchThread(id);
      timer = setInterval(() => void fetchThread(id), REFRESH_MS);
    },
    retry: () => thread.value && void fetchThread(thread.value.id),
  };
}
