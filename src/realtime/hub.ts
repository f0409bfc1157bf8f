/**
 * The realtime hub: publish a serialised event to a topic; attach listeners
 * (sockets, SSE streams) to topics. On Node it is an in-process bus; a Worker
 * host backs it with Durable Objects. Features never know which.
 *
 * Topics: 'all' (every signed-in user's event stream), 'user:<id>' (one user's
 * event streams), 'ws:<id>' (one user's chat sockets), 'session:<id>' (everything
 * opened by one session, told to close at logout).
 */
export type HubEvent = {
  /** Event or frame type, e.g. 'news', 'message.new', 'session.ended'. */
  type: string;
  /** Events-sequence id, when the event was stored (SSE ids come from it). */
  id?: number;
  /** The payload, serialised once for every recipient. */
  json: string;
  /** A connection that must not receive this event (the sender's own socket). */
  exceptConnection?: string;
};

export type HubListener = (event: HubEvent, topic: string) => void;

export interface Hub {
  publish(topic: string, event: HubEvent): void;
  /** Attaches a listener to topics; returns the function that detaches it. */
  subscribe(topics: readonly string[], listener: HubListener): () => void;
  /** How many listeners are attached to a topic (presence on one host). */
  listenerCount(topic: string): number;
}

export const topics = {
  all: 'all',
  user: (id: number) => `user:${id}`,
  sockets: (id: number) => `ws:${id}`,
  session: (id: string) => `session:${id}`,
} as const;

/** In-process hub for the Node host. */
export function createMemoryHub(): Hub {
  const listeners = new Map<string, Set<HubListener>>();
  return {
    publish(topic, event) {
      const set = listeners.get(topic);
      if (!set) return;
      for (const listener of [...set]) listener(event, topic);
    },
    subscribe(list, listener) {
      for (const topic of list) {
        let set = listeners.get(topic);
        if (!set) listeners.set(topic, (set = new Set()));
        set.add(listener);
      }
      return () => {
        for (const topic of list) {
          const set = listeners.get(topic);
          if (!set) continue;
          set.delete(listener);
          if (set.size === 0) listeners.delete(topic);
        }
      };
    },
    listenerCount(topic) {
      return listeners.get(topic)?.size ?? 0;
    },
  };
}

/** Online means at least one open chat socket (on this host's hub). */
export const isOnline = (hub: Hub, userId: number) => hub.listenerCount(topics.sockets(userId)) > 0;
