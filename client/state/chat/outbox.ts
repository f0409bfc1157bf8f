/**
 * What this tab is sending: shown at once as pending, sent over the socket
 * (or REST when the frame would be too big), sent again with the same clientId
 * after a reconnect (the server stores it once), failed with a reason otherwise.
 */
import { api, ApiError } from '../../api';
import { MAX_FRAME_BYTES } from '../../../src/realtime/protocol';
import type { ClientFrame, MessageView } from '../../types';
import type { Pending, Threads } from './threads';

import { countChars, MAX_BODY_CHARS } from '../../../src/chat/limits';

export { countChars, MAX_BODY_CHARS };

/** Why a draft cannot be sent, or null when it can. */
export function draftProblem(text: string): string | null {
  const body = text.trim();
  if (!body) return 'Le message est vide.';
  if (countChars(body) > MAX_BODY_CHARS)
    return `Votre message dépasse ${MAX_BODY_CHARS} caractères.`;
  return null;
}

function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; plain http on a LAN address has none.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const encoder = new TextEncoder();

export function createOutbox(deps: {
  threads: Threads;
  sendFrame: (frame: ClientFrame) => boolean;
  onAuthError: (e: unknown) => boolean;
  /** The REST answer of a message that went that way. */
  onStored: (m: MessageView) => void;
  onSend: (conversationId: number) => void;
}) {
  const { threads } = deps;

  function transmit(p: Pending) {
    const frame = {
      type: 'message.send' as const,
      conversationId: p.conversationId,
      body: p.body,
      clientId: p.clientId,
    };
    // Escaping can push a 4,000-character body past the frame limit: REST has no such limit.
    if (encoder.encode(JSON.stringify(frame)).length > MAX_FRAME_BYTES) return void post(p);
    deps.sendFrame(frame); // when closed, it is sent on the next `ready`
  }

  async function post(p: Pending) {
    try {
      const { message } = await api.post<{ message: MessageView }>(
        `/api/conversations/${p.conversationId}/messages`,
        { body: p.body, clientId: p.clientId },
      );
      deps.onStored(message);
    } catch (e) {
      if (deps.onAuthError(e)) return;
      if (e instanceof ApiError && e.status !== 0) fail(p.clientId, e.message);
    }
  }

  function fail(clientId: string, message: string) {
    for (const [id, t] of Object.entries(threads.all.value)) {
      if (t.pending.some((p) => p.clientId === clientId)) {
        threads.update(Number(id), (t) => ({
          ...t,
          pending: t.pending.map((p) => (p.clientId === clientId ? { ...p, error: message } : p)),
        }));
      }
    }
  }

  return {
    /** Shows the message at once and sends it; it stays "pending" until the server acknowledges it. */
    send(conversationId: number, text: string): string | null {
      const problem = draftProblem(text);
      if (problem) return problem;
      const pending: Pending = {
        clientId: newClientId(),
        conversationId,
        body: text.trim(),
        createdAt: new Date().toISOString(),
      };
      threads.update(conversationId, (t) => ({ ...t, pending: [...t.pending, pending] }));
      deps.onSend(conversationId);
      transmit(pending);
      return null;
    },
    /** Sends a failed message again, with the same clientId. */
    retry(conversationId: number, clientId: string) {
      const p = threads.get(conversationId)?.pending.find((x) => x.clientId === clientId);
      if (!p) return;
      const again = { ...p, error: undefined };
      threads.update(conversationId, (t) => ({
        ...t,
        pending: t.pending.map((x) => (x.clientId === clientId ? again : x)),
      }));
      transmit(again);
    },
    fail,
    /** Messages a previous page left unsent (IndexedDB): shown as pending again, and sent. */
    restore(items: Pending[]) {
      for (const p of items)
        threads.update(p.conversationId, (t) => ({ ...t, pending: [...t.pending, p] }));
      for (const p of items) transmit(p);
    },
    /** After a `ready`: everything not yet acknowledged goes again. */
    resend() {
      for (const t of Object.values(threads.all.value))
        for (const p of t.pending) if (!p.error) transmit(p);
    },
  };
}
