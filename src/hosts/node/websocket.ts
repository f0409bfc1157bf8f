/**
 * WebSockets on the Node host: the app's `/api/ws` route runs as an ordinary
 * request (session, Origin, caps), then the socket is handed to `ws` with the
 * route's events wired straight to it.
 *
 * Replaces @hono/node-server's helper, which keeps the upgrade's whole Hono
 * context (Request, Headers, URL) alive with every socket and wraps each frame
 * in a DOM MessageEvent. Here a socket keeps only the `ws` object, one small
 * context and the route's events; a frame is handed over as `{ data }`.
 */
import type { IncomingMessage, Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  defineWebSocketHelper,
  type UpgradeWebSocket,
  type WSContext,
  type WSEvents,
} from 'hono/ws';
import type { WebSocket, WebSocketServer } from 'ws';

const EVENTS = Symbol('websocket events');
type UpgradeEnv = {
  incoming: IncomingMessage;
  outgoing: undefined;
  [EVENTS]?: WSEvents<WebSocket>;
};
type Fetch = (request: Request, env: UpgradeEnv) => Response | Promise<Response>;

/** The app's upgrade helper: records the route's events for handleWebSocketUpgrades. */
export const upgradeWebSocket: UpgradeWebSocket<WebSocket> = defineWebSocketHelper((c, events) => {
  const env = c.env as Partial<UpgradeEnv> | undefined;
  if (!env || !(EVENTS in env)) return new Response(null, { status: 500 }); // not from an upgrade
  env[EVENTS] = events as WSEvents<WebSocket>;
  return new Response(null); // stands for the 101 that `ws` writes
}) as UpgradeWebSocket<WebSocket>;

/**
 * What the socket's events see as `ws`: reads through to the `ws` socket, no copies.
 *
 * Frames sent to one socket in one run of callbacks leave in one write: the first
 * corks the TCP socket and the uncork waits for the end of that run (nextTick, after
 * the promise jobs that publish a group commit's messages). An advisor's socket
 * taking many messages of one group commit made one writev call each, each a trip
 * through the loopback stack (bench/README.md has the profile); now one. A lone
 * frame leaves as before, at the end of its callback.
 */
class NodeSocketContext {
  readonly url = null;
  readonly protocol: string;
  binaryType = 'arraybuffer' as const;
  private corked = false;
  constructor(
    readonly raw: WebSocket,
    private readonly socket: Duplex,
  ) {
    this.protocol = raw.protocol;
  }
  get readyState() {
    return this.raw.readyState as 0 | 1 | 2 | 3;
  }
  send(data: string | ArrayBuffer | Uint8Array) {
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(uncork, this);
    }
    this.raw.send(data);
  }
  uncork() {
    this.corked = false;
    this.socket.uncork();
  }
  close(code?: number, reason?: string) {
    this.raw.close(code, reason);
  }
}

/** Hop-by-hop and handshake headers that `ws` writes itself. */
const SKIP = /^(connection|content-length|keep-alive|transfer-encoding|upgrade|sec-websocket-.*)$/i;
const headerLines = (headers: Headers | undefined) => {
  const lines: string[] = [];
  headers?.forEach((value, key) => {
    if (!SKIP.test(key)) lines.push(`${key}: ${value}`);
  });
  return lines;
};

function refuse(socket: Duplex, status: number, headers?: Headers) {
  if (socket.destroyed) return;
  const lines = ['Connection: close', 'Content-Length: 0', ...headerLines(headers)];
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${lines.join('\r\n')}\r\n\r\n`);
}

function upgradeRequest(req: IncomingMessage) {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers))
    if (value) headers.append(key, Array.isArray(value) ? value[0] : value);
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, { headers });
}

const uncork = (ctx: NodeSocketContext) => ctx.uncork();

function attach(ws: WebSocket, socket: Duplex, events: WSEvents<WebSocket>) {
  const ctx = new NodeSocketContext(ws, socket) as unknown as WSContext<WebSocket>;
  events.onOpen?.(new Event('open'), ctx);
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    const payload = isBinary ? new Uint8Array(data).buffer : data.toString();
    events.onMessage?.({ data: payload } as MessageEvent, ctx);
  });
  ws.on('close', (code: number, reason: Buffer) =>
    events.onClose?.({ code, reason: reason.toString() } as CloseEvent, ctx),
  );
  // Without a listener an invalid frame would throw; `ws` closes the socket itself.
  ws.on('error', (error) => events.onError?.({ error } as unknown as Event, ctx));
}

/**
 * Serves WebSocket upgrades: runs the request through `fetch` (the app) and, when
 * its route called upgradeWebSocket, completes the handshake with the headers the
 * app set (a slid session's cookie…); otherwise answers with the app's status.
 */
export function handleWebSocketUpgrades(server: Server, wss: WebSocketServer, fetch: Fetch) {
  server.on('upgrade', async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const env: UpgradeEnv = { incoming: req, outgoing: undefined, [EVENTS]: undefined };
    let res: Response;
    try {
      res = await fetch(upgradeRequest(req), env);
    } catch {
      return refuse(socket, 500);
    }
    const events = env[EVENTS];
    if (!events || socket.destroyed) return refuse(socket, events ? 500 : res.status, res.headers);
    const addHeaders = (lines: string[]) => lines.push(...headerLines(res.headers));
    wss.on('headers', addHeaders);
    try {
      wss.handleUpgrade(req, socket, head, (ws) => attach(ws, socket, events));
    } finally {
      wss.off('headers', addHeaders);
    }
  });
}
