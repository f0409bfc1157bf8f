import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AppConfig } from '../../config';
import { errorBody } from '../../http/errors';
import { DISCARD_LIMIT_BYTES } from '../../app';

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) reads as `127.0.0.1`. */
const plainAddress = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

/**
 * The Node host's Platform.clientAddress: the socket's peer address, or with
 * TRUST_PROXY=true the first X-Forwarded-For entry (the address the proxy saw).
 */
export function createClientAddress(config: Pick<AppConfig, 'trustProxy'>) {
  return (c: Context): string => {
    if (config.trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
      if (forwarded) return plainAddress(forwarded);
    }
    const socket = (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket;
    return plainAddress(socket?.remoteAddress ?? '');
  };
}

/**
 * An answer given before the body was read (413, 401, …) reaches a client that
 * is still uploading only if the server keeps reading: closing first makes the
 * kernel reset the connection, and the client sees EPIPE instead of the answer.
 * So once the answer is out, the rest of the body is read and dropped, up to
 * DISCARD_LIMIT_BYTES (beyond that the socket is closed). Node's own request
 * timeout still bounds how long that may take. Pair with
 * `autoCleanupIncoming: false`: @hono/node-server's own clean-up gives up after
 * 500 ms, mid-upload.
 */
export function discardUnreadBodies(server: Server) {
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' || req.method === 'HEAD') return;
    // A declared body this large is never read to its end (every route's limit is far
    // lower, and the drain below stops at DISCARD_LIMIT_BYTES): the answer says
    // `Connection: close`, so a keep-alive client does not queue its next request on a
    // connection about to be cut (the client would read "other side closed").
    if (Number(req.headers['content-length']) > DISCARD_LIMIT_BYTES) res.shouldKeepAlive = false;
    let closing = false;
    // Runs before Node's own 'finish' handler, which ends and destroys a connection that
    // closes after this answer (`Connection: close`) at once: the client, still uploading,
    // then meets a reset (EPIPE) and may never read the answer. Half-close instead; the
    // socket goes once the rest of the body is read (below).
    res.prependOnceListener('finish', () => {
      if (req.complete || req.destroyed || res.shouldKeepAlive) return;
      closing = true;
      req.socket.destroySoon = function (this: Socket) {
        if (this.writable) this.end();
      };
    });
    res.once('finish', () => {
      if (req.complete || req.destroyed) return;
      let dropped = 0;
      req.removeAllListeners('data'); // a body reader the app abandoned would buffer it all
      req.on('data', (chunk: Buffer) => {
        dropped += chunk.length;
        if (dropped > DISCARD_LIMIT_BYTES) req.socket.destroy();
      });
      if (closing) req.once('end', () => req.socket.destroy());
      req.resume();
    });
  });
}

/** How long an upgraded socket may sit before the WebSocket library takes it over (ws resets it). */
const UPGRADE_IDLE_MS = 10_000;

function destroySocket(this: Socket) {
  this.destroy();
}

const UPGRADE_TOKENS = /^(upgrade|http2-settings)$/i;

/** The request's head again without what asks for another protocol, so Node parses it as HTTP/1.1. */
function plainRequestHead(req: IncomingMessage): Buffer {
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    let value = raw[i + 1];
    if (UPGRADE_TOKENS.test(raw[i])) continue;
    if (/^connection$/i.test(raw[i])) {
      value = value
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t && !UPGRADE_TOKENS.test(t))
        .join(', ');
      if (!value) continue;
    }
    lines.push(`${raw[i]}: ${value}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/**
 * Node hands every `Upgrade:` request to the 'upgrade' listeners and forgets
 * the socket: no error handler (a reset crashes the process), no timeout, no
 * answer. The WebSocket listener (./websocket.ts) is wrapped rather than
 * joined: WebSockets go to it with an error handler and an
 * idle timeout; any other protocol (h2c, …) goes back to Node's HTTP parser
 * with the upgrade headers removed, and is served as a plain HTTP/1.1 request.
 */
export function guardUpgrades(server: Server) {
  const [websocket] = server.listeners('upgrade') as ((...args: unknown[]) => void)[];
  server.removeAllListeners('upgrade');
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    if (websocket && req.headers.upgrade?.toLowerCase() === 'websocket') {
      socket.on('error', destroySocket);
      socket.setTimeout(UPGRADE_IDLE_MS);
      socket.once('timeout', destroySocket);
      websocket.call(server, req, socket, head);
      return;
    }
    socket.unshift(Buffer.concat([plainRequestHead(req), head]));
    server.emit('connection', socket); // documented: injects a connection into the HTTP server
  });

  // A request Node cannot parse (garbage, header overflow, timeout): a JSON error, then close.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, code] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'payload_too_large']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'request_timeout']
          : [400, 'validation_failed'];
    const body = JSON.stringify(errorBody(code, 'Requête HTTP invalide.'));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    socket.destroySoon();
  });
}
