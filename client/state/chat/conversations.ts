/** The conversation list: last message and unread count per conversation, kept in step with frames. */
import { batch, computed, signal } from '@preact/signals';
import { ok, rpc } from '../../rpc';
import type { ConversationView, MessageView } from '../../types';

const byLastActivity = (a: ConversationView, b: ConversationView) =>
  (b.lastMessage?.id ?? 0) - (a.lastMessage?.id ?? 0) || b.id - a.id;

export function createConversations(deps: {
  selfId: () => number | undefined;
  onAuthError: (e: unknown) => boolean;
  /** Read markers the list carries for each participant. */
  onMarkers: (conversationId: number, userId: number, messageId: number) => void;
}) {
  const convs = signal<ConversationView[] | null>(null);
  const failed = signal(false);

  const sorted = computed(() => (convs.value ? [...convs.value].sort(byLastActivity) : null));
  const privateOnes = computed(() => sorted.value?.filter((c) => c.kind === 'private') ?? null);
  const group = computed(() => convs.value?.find((c) => c.kind === 'group') ?? null);

  const byId = (id: number) => convs.value?.find((c) => c.id === id) ?? null;

  async function load() {
    try {
      const items: ConversationView[] = (await ok(rpc.conversations.$get())).items;
      batch(() => {
        convs.value = items;
        failed.value = false;
        for (const c of items)
          for (const r of c.readMarkers ?? []) deps.onMarkers(c.id, r.userId, r.messageId);
      });
    } catch (e) {
      if (!deps.onAuthError(e) && !convs.value) failed.value = true;
    }
  }

  function setUnread(conversationId: number, unreadCount: number) {
    if (!convs.value) return;
    convs.value = convs.value.map((c) =>
      c.id === conversationId && c.unreadCount !== unreadCount ? { ...c, unreadCount } : c,
    );
  }

  /** A message went by: last message and unread count follow; false when the conversation is unknown. */
  function noteMessage(m: MessageView, seen: boolean): boolean {
    const conv = byId(m.conversationId);
    if (!conv) return false;
    if (conv.lastMessage && conv.lastMessage.id >= m.id) return true; // already counted by the list
    const mine = m.sender.id === deps.selfId();
    const unreadCount = conv.unreadCount + (mine || seen ? 0 : 1);
    convs.value = convs.value!.map((c) =>
      c.id === m.conversationId ? { ...c, lastMessage: m, unreadCount } : c,
    );
    return true;
  }

  function add(conversation: ConversationView) {
    const list = convs.value ?? [];
    convs.value = [...list.filter((c) => c.id !== conversation.id), conversation];
  }

  function remove(id: number) {
    if (convs.value) convs.value = convs.value.filter((c) => c.id !== id);
  }

  function clear() {
    convs.value = null;
    failed.value = false;
  }

  return {
    /** Latest activity first; null until loaded. */
    list: sorted,
    failed: computed(() => failed.value),
    /** The client's conversation with their advisor. */
    privateConversation: computed(() => convs.value?.find((c) => c.kind === 'private') ?? null),
    /** The staff group « Équipe ». */
    group,
    /** A staff member's client conversations, latest activity first. */
    clientConversations: privateOnes,
    unreadClientMessages: computed(() =>
      (privateOnes.value ?? []).reduce((n, c) => n + c.unreadCount, 0),
    ),
    unreadTeamMessages: computed(() => group.value?.unreadCount ?? 0),
    /** Every unread message of the person, all conversations together. */
    unreadTotal: computed(() => (convs.value ?? []).reduce((n, c) => n + c.unreadCount, 0)),
    byId,
    load,
    setUnread,
    noteMessage,
    add,
    remove,
    clear,
  };
}
export type Conversations = ReturnType<typeof createConversations>;
