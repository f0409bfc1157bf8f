import type { Hub } from '../realtime/hub';
import type { Published } from './post';

/** Hands committed events to the hub, in order (call only after the transaction committed). */
export function publishAll(hub: Hub, published: readonly Published[]) {
  for (const p of published) hub.publish(p.topic, p.event);
}
