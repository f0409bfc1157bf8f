import { WSContext, defineWebSocketHelper, type UpgradeWebSocket } from 'hono/ws';

/**
 * Hono's upgrade helper for workerd, with the open event it lacks
 * (hono/cloudflare-workers never calls onOpen: honojs/hono#3448): the server
 * end is accepted and onOpen runs right after the 101 is handed back, so
 * frames sent from it are the socket's first.
 */
export const upgradeWebSocket: UpgradeWebSocket<WebSocket> = defineWebSocketHelper(
  async (c, events) => {
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') return;
    const [client, server] = Object.values(new WebSocketPair());
    const ws = new WSContext<WebSocket>({
      send: (data) => server.send(data),
      close: (code, reason) => server.close(code, reason),
      raw: server,
      get readyState() {
        return server.readyState as 0 | 1 | 2 | 3;
      },
      url: null,
      protocol: null,
    });
    server.accept();
    server.addEventListener('message', (evt) => events.onMessage?.(evt, ws));
    server.addEventListener('close', (evt) => {
      try {
        server.close(evt.code === 1005 ? 1000 : evt.code, evt.reason); // answer the client's close
      } catch {}
      events.onClose?.(evt, ws);
    });
    server.addEventListener('error', (evt) => events.onError?.(evt, ws));
    // After the 101 has left the middleware chain (the app's onOpen may clear c.res);
    // frames sent from it wait in the accepted socket.
    setTimeout(() => events.onOpen?.(new Event('open'), ws), 0);
    return new Response(null, { status: 101, webSocket: client });
  },
);
