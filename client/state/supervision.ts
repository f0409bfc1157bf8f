/**
 * The director's supervision of client conversations (read-only): every private
 * conversation (GET /api/conversations/supervision) and the history of the one
 * on screen. The director is no member of them, so no frame tells of new
 * messages: the open one asks for what followed every few seconds.
 */
import { computed, signal } from '@preact/signals';
import { hc } from 'hono/client';
import type { ConversationView, MessageView } from '../types';
import type { ConversationRoutes } from '../../src/chat/routes';

/** Hono's typed client over the conversation routes: paths and answers checked against the server. */
const conversationsApi = hc<ConversationRoutes>(`${location.origin}/api/conversations`);

const REFRESH_MS = 5000;

export function createSupervision() {
  const list = signal<ConversationView[] | null>(null);
  const failed = signal(false);
  const thread = signal<{ id: number; messages: MessageView[]; failed: boolean } | null>(null);
  let timer: ReturnType<typeof setInterval> | undefined;

  async function load() {
    try {
      const res = await conversationsApi.supervision.$get();
      if (!res.ok) throw new Error(`supervision: ${res.status}`); // 401/403 come from middleware
      list.value = (await res.json()).items;
      failed.value = false;
    } catch {
      if (!list.value) failed.value = true;
    }
  }

  async function fetchThread(id: number) {
    const held = thread.value?.id === id ? thread.value.messages : [];
    const after = held.at(-1)?.id;
    try {
      const res = await conversationsApi[':id'].messages.$get({
        param: { id: String(id) },
        query: after ? { after: String(after), limit: '100' } : { limit: '100' },
      });
      const page = await res.json();
      if (!res.ok || !('items' in page)) throw new Error(`messages: ${res.status}`);
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
