/**
 * Frames to people: each frame is serialised once and handed to the hub topic
 * of every recipient's chat sockets ('ws:<id>'). On those topics `json` is the
 * whole frame, sent to the socket as is.
 */
import { topics, type Hub } from '../realtime/hub';
import type { ServerFrame } from '../realtime/protocol';

export function publishFrameJson(
  hub: Hub,
  userIds: Iterable<number>,
  type: ServerFrame['type'],
  json: string,
  opts: { exceptConnection?: string; id?: number } = {},
) {
  const event = { type, json, ...opts };
  for (const id of new Set(userIds)) hub.publish(topics.sockets(id), event);
}

export function publishFrame(
  hub: Hub,
  userIds: Iterable<number>,
  frame: ServerFrame,
  exceptConnection?: string,
) {
  publishFrameJson(hub, userIds, frame.type, JSON.stringify(frame), { exceptConnection });
}
