/**
 * The one way to write and publish (DESIGN « Rules for what comes next »): a
 * transaction returns what it stored for others to see — events for the hub and
 * notifications to push — `commit` runs it (in the next group commit, or on its
 * own now, as the caller asks) and `publish` hands the result out only after the
 * commit: events to the hub in order, then each notice's Web Push / e-mail,
 * deferred so the answer does not wait for a push service. The answer to the
 * writer still waits for `platform.durable()` (HTTP middleware, chat ack).
 */
import type { Tx } from '../db/client';
import { groupCommit } from '../db/group-commit';
import type { Platform } from '../platform';
import type { NotificationView } from '../notifications/notifications';
import { pushNotification } from '../push/deliver';
import { topics, type HubEvent } from './hub';
import type { ServerFrame } from './protocol';

/** One committed event and the topic it goes to (appendEventTx returns one). */
export type Published = { topic: string; event: HubEvent };
/** A notification to deliver beyond the app (Web Push, e-mail) once committed. */
export type PushNotice = { userId: number; notification: NotificationView };
/** What a committed transaction hands out. */
export type Outgoing = {
  published?: readonly Published[] | Published;
  pushes?: readonly PushNotice[];
};

/** Sends committed events to the hub, in order, then defers the delivery of each notice. */
export function publish(p: Platform, out: Outgoing) {
  for (const e of [out.published ?? []].flat()) p.hub.publish(e.topic, e.event);
  for (const n of out.pushes ?? []) p.defer(pushNotification(p, n.userId, n.notification));
}

/**
 * Runs `work` in a transaction and publishes its `published` and `pushes` once
 * committed; returns its result. `group`: shares the next group commit with the
 * writes that arrive in the same turn (resolves after that commit); `immediate` /
 * `deferred`: its own transaction, now.
 */
export function commit<T extends Outgoing>(
  p: Platform,
  how: 'group',
  work: (tx: Tx) => T,
): Promise<T>;
export function commit<T extends Outgoing>(
  p: Platform,
  how: 'immediate' | 'deferred',
  work: (tx: Tx) => T,
): T;
export function commit<T extends Outgoing>(
  p: Platform,
  how: 'group' | 'immediate' | 'deferred',
  work: (tx: Tx) => T,
): T | Promise<T> {
  if (how === 'group')
    return groupCommit(p.db, work).then((out) => {
      publish(p, out);
      return out;
    });
  const out =
    how === 'immediate' ? p.db.transaction(work, { behavior: how }) : p.db.transaction(work);
  publish(p, out);
  return out;
}

/** The notification events among `published` that went to a user's streams, as push notices. */
export function noticesAmong(published: readonly Published[]): PushNotice[] {
  const prefix = topics.user(0).slice(0, -1);
  return published
    .filter((e) => e.event.type === 'notification' && e.topic.startsWith(prefix))
    .map((e) => ({
      userId: Number(e.topic.slice(prefix.length)),
      notification: JSON.parse(e.event.json),
    }));
}

/** One chat frame (serialised once) to every socket of each user: what to publish. */
export function framesTo(userIds: Iterable<number>, event: HubEvent): Published[] {
  return [...new Set(userIds)].map((id) => ({ topic: topics.sockets(id), event }));
}

/** A chat frame not stored in the events sequence (typing, presence…), serialised once. */
export const frameEvent = (frame: ServerFrame, exceptConnection?: string): HubEvent => ({
  type: frame.type,
  json: JSON.stringify(frame),
  ...(exceptConnection ? { exceptConnection } : {}),
});
