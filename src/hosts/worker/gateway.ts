import { DurableObject } from 'cloudflare:workers';
import { SOCKET_CLOSE_SESSION_ENDED } from '../../realtime/protocol';
import { bankOf, parseHeader, type WorkerEnv } from './env';
import type { Delivery } from './hub';
import type { SocketAttachment } from './sockets';
import { createGatewayStreams, STREAM_HEADER } from './streams';

/** How often the alarm looks for dead sockets and ended sessions. */
export const SWEEP_MS = 25_000;
/** The client pings every 20 s: a socket silent this long is gone. */
export const DEAD_AFTER_MS = 60_000;
export const SOCKET_HEADER = 'x-avenir-socket';

/**
 * A Gateway: one shard of the chat sockets and event streams (users with
 * id % GATEWAY_SHARDS = its number). Sockets hibernate: they are accepted by
 * the runtime, tagged with their user and session, carry their attachment, and
 * the JSON ping is answered without waking the object. Frames go to the Bank;
 * the Bank's publications come back as batches and fan out here, to sockets
 * and to the streams (src/feed/event-stream.ts, which keep the object awake).
 */
export class Gateway extends DurableObject<WorkerEnv> {
  /** Last frame per socket while awake; after hibernation the attachment's time stands in. */
  private lastSeen = new WeakMap<WebSocket, number>();
  /** Sockets whose close the Bank was told of (a dropped socket may still report its close). */
  private reported = new Set<string>();
  private readonly streams = createGatewayStreams(this.env);

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(
      new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'),
    );
  }

  private bank() {
    return bankOf(this.env);
  }

  /** An upgrade or an event stream, forwarded by the Bank once it checked the Origin and the session. */
  override async fetch(request: Request): Promise<Response> {
    // Only the Bank calls this (clients' x-avenir-* headers are stripped before it); a bad value is still a 400.
    if (request.headers.has(STREAM_HEADER)) return this.streams.fetch(request);
    const att = parseHeader<SocketAttachment>(request, SOCKET_HEADER);
    if (!att || request.headers.get('upgrade')?.toLowerCase() !== 'websocket')
      return new Response(null, { status: 400 });
    const [client, server] = Object.values(new WebSocketPair());
    const first = await this.bank().socketOpened(att);
    this.ctx.acceptWebSocket(server, [`ws:${att.userId}`, `session:${att.sessionId}`]);
    server.serializeAttachment(att);
    for (const frame of first) server.send(frame);
    if ((await this.ctx.storage.getAlarm()) === null)
      await this.ctx.storage.setAlarm(Date.now() + SWEEP_MS);
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer) {
    this.lastSeen.set(ws, Date.now());
    const att = ws.deserializeAttachment() as SocketAttachment;
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
    const replies = await this.bank().socketFrame(att, text);
    for (const frame of replies) ws.send(frame);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string) {
    try {
      ws.close(code === 1005 ? 1000 : code, reason);
    } catch {}
    await this.reportClosed(ws);
  }

  override webSocketError(ws: WebSocket) {
    return this.reportClosed(ws);
  }

  private async reportClosed(ws: WebSocket) {
    const att = ws.deserializeAttachment() as SocketAttachment;
    if (this.reported.has(att.connId)) return;
    this.reported.add(att.connId);
    await this.bank().socketClosed(att);
  }

  /** The Bank's publications for this shard, in order: to the sockets, and to the streams' hub. */
  deliver(batch: Delivery[]) {
    for (const { topic, event } of batch) {
      this.streams.hub.publish(topic, event);
      for (const ws of this.ctx.getWebSockets(topic)) {
        if (event.type === 'session.ended') ws.close(SOCKET_CLOSE_SESSION_ENDED, 'session_ended');
        else if ((ws.deserializeAttachment() as SocketAttachment).connId !== event.exceptConnection)
          ws.send(event.json);
      }
    }
  }

  /** Open sockets per user id, for the Bank's presence after it restarted. */
  onlineCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const ws of this.ctx.getWebSockets()) {
      const { userId } = ws.deserializeAttachment() as SocketAttachment;
      counts[userId] = (counts[userId] ?? 0) + 1;
    }
    return counts;
  }

  /** Drops silent sockets and those whose session ended or expired; comes back while any remain. */
  override async alarm() {
    const now = Date.now();
    const sockets = this.ctx.getWebSockets();
    const alive: WebSocket[] = [];
    for (const ws of sockets) {
      const att = ws.deserializeAttachment() as SocketAttachment;
      const seen = Math.max(
        att.openedAt,
        this.lastSeen.get(ws) ?? 0,
        this.ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime() ?? 0,
      );
      if (now - seen > DEAD_AFTER_MS) {
        ws.close(1011, 'dropped');
        await this.reportClosed(ws); // a dead link will not answer the close
      } else alive.push(ws);
    }
    if (alive.length) {
      const atts = alive.map((ws) => ws.deserializeAttachment() as SocketAttachment);
      const live = new Set(await this.bank().liveSessions(atts.map((a) => a.sessionId)));
      alive.forEach((ws, i) => {
        if (!live.has(atts[i].sessionId)) ws.close(SOCKET_CLOSE_SESSION_ENDED, 'session_ended');
      });
      await this.ctx.storage.setAlarm(now + SWEEP_MS);
    }
  }
}
