/** Typing, both ways: what this tab says while the person types, and who is typing elsewhere. */
import { signal } from '@preact/signals';
import { TYPING_TIMEOUT_MS } from '../../../src/realtime/protocol';
import type { ClientFrame, UserSummary } from '../../types';

/** While someone keeps typing, "typing" is said again this often (the others forget it after 6 s). */
const TYPING_REPEAT_MS = 3000;
/** This long without a keystroke means the person stopped typing. */
const TYPING_IDLE_MS = 4000;

export function createTyping(deps: { sendFrame: (frame: ClientFrame) => boolean }) {
  const typers = signal<Record<number, Record<number, UserSummary>>>({});
  const out = new Map<number, { sentAt: number; idle: ReturnType<typeof setTimeout> }>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  /** The person sent, emptied the composer or went quiet. */
  function stop(conversationId: number) {
    const t = out.get(conversationId);
    if (!t) return;
    clearTimeout(t.idle);
    out.delete(conversationId);
    if (t.sentAt) deps.sendFrame({ type: 'typing', conversationId, isTyping: false });
  }

  /** The person typed in the composer. */
  function note(conversationId: number) {
    const now = Date.now();
    const t = out.get(conversationId);
    if (t) clearTimeout(t.idle);
    let sentAt = t?.sentAt ?? 0;
    if (
      now - sentAt >= TYPING_REPEAT_MS &&
      deps.sendFrame({ type: 'typing', conversationId, isTyping: true })
    )
      sentAt = now;
    out.set(conversationId, {
      sentAt,
      idle: setTimeout(() => stop(conversationId), TYPING_IDLE_MS),
    });
  }

  /** Someone else types (or stopped); forgotten after TYPING_TIMEOUT_MS without news. */
  function setTyper(conversationId: number, user: UserSummary, isTyping: boolean) {
    const key = `${conversationId}:${user.id}`;
    clearTimeout(timers.get(key));
    timers.delete(key);
    const inConv = { ...(typers.value[conversationId] ?? {}) };
    if (isTyping) {
      inConv[user.id] = user;
      timers.set(
        key,
        setTimeout(() => setTyper(conversationId, user, false), TYPING_TIMEOUT_MS),
      );
    } else {
      if (!inConv[user.id]) return;
      delete inConv[user.id];
    }
    typers.value = { ...typers.value, [conversationId]: inConv };
  }

  return {
    note,
    stop,
    setTyper,
    /** The people typing in a conversation right now (never me). */
    typingIn: (conversationId: number): UserSummary[] =>
      Object.values(typers.value[conversationId] ?? {}),
    clear() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      for (const t of out.values()) clearTimeout(t.idle);
      out.clear();
      typers.value = {};
    },
  };
}
