import { defineWebSocketHelper, type UpgradeWebSocket } from 'hono/ws';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env';
import { gatewayOf, shardCount, type WorkerEnv } from './env';
import { SOCKET_HEADER } from './gateway';
import { shardOf } from './hub';
import type { SocketAttachment } from './sockets';

/**
 * The Bank's upgrade helper. The app's route has checked the Origin and the
 * session; the socket itself is opened by the user's Gateway (hibernating, so
 * it costs nothing while idle), which reports its frames back to the Bank.
 * Hono's own helper for workerd would keep the socket here, and never calls
 * onOpen (honojs/hono#3448); the app's WSEvents are not used on this host.
 */
export function createGatewayUpgrade(env: WorkerEnv): UpgradeWebSocket<WebSocket> {
  return defineWebSocketHelper(async (c: Context<AppEnv>) => {
    const { user, session } = c.var;
    if (!user || !session || c.req.header('upgrade')?.toLowerCase() !== 'websocket') return;
    const att: SocketAttachment = {
      connId: crypto.randomUUID(),
      userId: user.id,
      sessionId: session.id,
      openedAt: Date.now(),
    };
    const headers = new Headers(c.req.raw.headers);
    headers.set(SOCKET_HEADER, JSON.stringify(att));
    const gateway = gatewayOf(env, shardOf(user.id, shardCount(env)));
    const res = await gateway.fetch(new Request(c.req.raw.url, { headers }));
    // A fresh Response: the app's middleware still sets headers on it.
    return new Response(null, { status: res.status, webSocket: res.webSocket });
  }) as UpgradeWebSocket<WebSocket>;
}
