import { createMemoryHub, topics, type Hub, type HubEvent } from '../../realtime/hub';

/** Open chat sockets per user, as the Gateways report them (presence without asking each time). */
export type Presence = { add(userId: number, delta: number): void; count(userId: number): number };

export function createPresence(): Presence & { reset(counts: Record<string, number>): void } {
  const counts = new Map<number, number>();
  return {
    add(userId, delta) {
      const n = Math.max(0, (counts.get(userId) ?? 0) + delta);
      if (n) counts.set(userId, n);
      else counts.delete(userId);
    },
    count: (userId) => counts.get(userId) ?? 0,
    reset(all) {
      counts.clear();
      for (const [id, n] of Object.entries(all)) if (n > 0) counts.set(Number(id), n);
    },
  };
}

export type Delivery = { topic: string; event: HubEvent };

/** Which Gateway shard holds a user's sockets. */
export const shardOf = (userId: number, shards: number) => userId % shards;

/**
 * The Bank's hub. Sockets and event streams live in the Gateways: a user's own
 * topics (`ws:<id>`, `user:<id>`) go to the shard that owns the user; `all`
 * (news) and session ends go to every shard. Everything published in one turn
 * leaves as one batch per shard, in order, after the response (waitUntil).
 * Subscribing here stays possible (a memory hub) but no stream does on this host.
 */
export function createShardedHub(opts: {
  shards: number;
  presence: Presence;
  send(shard: number, batch: Delivery[]): Promise<unknown>;
  defer(task: Promise<unknown>): void;
}): Hub {
  const local = createMemoryHub();
  let pending: Map<number, Delivery[]> | null = null;
  const enqueue = (shard: number, d: Delivery) => {
    if (!pending) {
      pending = new Map();
      queueMicrotask(() => {
        const batches = pending!;
        pending = null;
        for (const [s, batch] of batches) opts.defer(opts.send(s, batch));
      });
    }
    let list = pending.get(shard);
    if (!list) pending.set(shard, (list = []));
    list.push(d);
  };
  return {
    publish(topic, event) {
      local.publish(topic, event);
      const owner = /^(?:ws|user):(\d+)$/.exec(topic);
      if (owner) enqueue(shardOf(Number(owner[1]), opts.shards), { topic, event });
      else if (topic === topics.all || topic.startsWith('session:'))
        for (let s = 0; s < opts.shards; s++) enqueue(s, { topic, event });
    },
    subscribe: local.subscribe,
    listenerCount(topic) {
      const own = local.listenerCount(topic);
      return topic.startsWith('ws:') ? own + opts.presence.count(Number(topic.slice(3))) : own;
    },
  };
}
