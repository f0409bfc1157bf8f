/** Who is online among the people the user shares a conversation with. */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { ConnectionState } from '../../realtime';

export function createPresence(deps: {
  connection: ReadonlySignal<ConnectionState>;
  /** What the staff client list said before the socket told us (it carries `online`). */
  listed: (userId: number) => boolean;
  onChange: (userId: number, online: boolean) => void;
}) {
  const online = signal<Record<number, boolean>>({});
  /** Whether `online` is complete: after `ready` the server announces every peer that is online. */
  const live = signal(false);

  return {
    isOnline(userId: number): boolean {
      // While our own link is down nobody is shown online: we cannot know, and "en ligne" would promise a reply.
      if (deps.connection.value === 'reconnecting') return false;
      if (live.value) return !!online.value[userId];
      return deps.listed(userId);
    },
    /** A fresh `ready`: the server now announces every peer that is online. */
    restart() {
      online.value = {};
      live.value = true;
    },
    set(userId: number, isOnline: boolean) {
      online.value = { ...online.value, [userId]: isOnline };
      deps.onChange(userId, isOnline);
    },
    clear() {
      online.value = {};
      live.value = false;
    },
  };
}
