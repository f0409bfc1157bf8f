import { Hono, type Context } from 'hono';
import type { StreamRequest } from '../../platform';
import { systemClock } from '../../platform';
import { createMemoryHub } from '../../realtime/hub';
import { openStream, type StreamHost, type StreamLog } from '../../feed/event-stream';
import { bankOf, configFromEnv, gatewayOf, parseHeader, shardCount, type WorkerEnv } from './env';
import { shardOf } from './hub';

/** The stream the Bank hands over to a Gateway (its StreamRequest, as JSON). */
export const STREAM_HEADER = 'x-avenir-stream';

/**
 * The Bank's Platform.relayEventStream: /api/events passed the app's session
 * check; the stream itself is served by the user's Gateway, which holds every
 * stream of that user (so the per-user cap is counted there).
 */
export function createStreamRelay(env: WorkerEnv) {
  return async (c: Context, req: StreamRequest): Promise<Response> => {
    const gateway = gatewayOf(env, shardOf(req.userId, shardCount(env)));
    const res = await gateway.fetch(
      new Request(c.req.url, { headers: { [STREAM_HEADER]: JSON.stringify(req) } }),
    );
    // A fresh Response: the app's middleware still sets headers on it.
    return new Response(res.body, res);
  };
}

/**
 * A Gateway's event streams: src/feed/event-stream.ts's openStream on a hub of the
 * Gateway's own (fed by the Bank's deliveries), replaying from the Bank's log
 * over RPC. serveStream subscribes before it asks the Bank, and the Bank
 * publishes only after a commit, so what a replay misses arrives live.
 */
export function createGatewayStreams(env: WorkerEnv) {
  const bank = () => bankOf(env);
  const log: StreamLog = {
    latestIssuedId: () => bank().latestIssuedId(),
    planResume: (lastId) => bank().planResume(lastId),
    readEventsAfter: (userId, afterId, limit) => bank().readEventsAfter(userId, afterId, limit),
    liveSessionExpiry: (sessionId) => bank().liveSessionExpiry(sessionId),
  };
  const host: StreamHost = {
    hub: createMemoryHub(),
    // Heartbeats only; the expiry that counts is the Bank's (liveSessionExpiry).
    clock: systemClock,
    config: configFromEnv(env),
  };
  const app = new Hono().get('*', (c) => {
    const req = parseHeader<StreamRequest>(c.req.raw, STREAM_HEADER);
    return req ? openStream(c, host, log, req) : c.body(null, 400);
  });
  return { hub: host.hub, fetch: (request: Request) => app.fetch(request) };
}
