/**
 * The generator's clients, lean enough to hold 10,000 connections on one core:
 * login over fetch, chat sockets with `ws`, SSE streams over raw TCP (scanned
 * only where a scenario listens; idle streams are drained unparsed).
 */
import http from 'node:http';
import net from 'node:net';
import WebSocket from 'ws';
import { io as ioClient } from 'socket.io-client';

export const PASSWORD = 'Avenir-2026!';

/**
 * Signs a fixture account in; returns its cookie and user. Over node:http from the next
 * loopback address: AVENIR hashes one login per address at a time, and the human-rate
 * scenario signs thousands of clients in.
 */
export async function login(base, email, password = PASSWORD) {
  const res = await request(
    base,
    { cookie: '' },
    'POST',
    '/api/auth/login',
    { email, password },
    { localAddress: localAddress(), agent: false },
  );
  if (res.status !== 200)
    throw new Error(`login ${email}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
  const cookie = [res.headers['set-cookie'] ?? []]
    .flat()
    .find((c) => c.startsWith('avenir_session='))
    ?.split(';')[0];
  if (!cookie) throw new Error(`login ${email}: no session cookie`);
  return { email, cookie, user: res.body.user };
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 16 });

/**
 * A JSON request with the session cookie and a same-origin Origin header, over
 * plain node:http (fetch costs the generator about twice as much per request).
 * `extra`: more headers, another keep-alive agent (more sockets).
 */
export function request(base, session, method, path, body, extra = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(`${base}${path}`, {
      method,
      agent: extra.agent ?? keepAlive,
      ...(extra.localAddress ? { localAddress: extra.localAddress } : {}),
      headers: {
        ...extra.headers,
        cookie: session.cookie,
        origin: base,
        ...(payload === undefined
          ? {}
          : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, body: json, text, headers: res.headers });
      });
    });
    req.end(payload);
  });
}

/**
 * Source addresses for the generator's connections, in turns: one loopback
 * address has ~28,000 ephemeral ports towards one server port, so 50,000
 * connections need several (Linux answers on all of 127.0.0.0/8).
 */
const LOCAL_ADDRESSES = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];
let nextAddress = 0;
const localAddress = () => LOCAL_ADDRESSES[nextAddress++ % LOCAL_ADDRESSES.length];

/**
 * A chat connection, whatever the target speaks: resolves once the `ready`
 * frame arrived. The handle: `ready` (that frame), `send(frame)` (an API.md
 * frame object), `onFrame(frame)` for later frames (API.md shapes:
 * message.ack, message.new, error), `open`, `close()`.
 * target.protocol: 'ws' (API.md's /api/ws: raw, AVENIR, Worker) or 'socketio'.
 * `lean`: an idle connection that nobody sends on (for socketio: the
 * Engine.IO/Socket.IO wire protocol spoken over a bare `ws` socket, a few KiB
 * of generator memory instead of socket.io-client's Manager + Socket).
 */
export function openSocket(target, session, { lean = false, timeoutMs = 15_000 } = {}) {
  if (target.protocol !== 'socketio') return openApiSocket(target.base, session, timeoutMs);
  return lean
    ? openLeanSocketIo(target.base, session, timeoutMs)
    : openSocketIo(target.base, session, timeoutMs);
}

/** Rejects after timeoutMs unless settled; `close` tears the connection down. */
function withDeadline(timeoutMs, what, close, executor) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      close();
      reject(new Error(`${what}: no ready frame in time`));
    }, timeoutMs);
    executor(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err) => {
        clearTimeout(timer);
        close();
        reject(err);
      },
    );
  });
}

/** A WebSocket to `path` with the session's cookie, from the next loopback source address. */
function signedInSocket(base, path, session) {
  return new WebSocket(`${base.replace(/^http/, 'ws')}${path}`, {
    headers: { cookie: session.cookie, origin: base },
    perMessageDeflate: false,
    localAddress: localAddress(),
  });
}

function openApiSocket(base, session, timeoutMs) {
  const ws = signedInSocket(base, '/api/ws', session);
  const conn = {
    ready: null,
    onFrame: null,
    send: (frame) => ws.send(JSON.stringify(frame)),
    get open() {
      return ws.readyState === WebSocket.OPEN;
    },
    close: () => ws.terminate(),
  };
  return withDeadline(timeoutMs, 'WebSocket', conn.close, (resolve, reject) => {
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`WebSocket upgrade refused: HTTP ${res.statusCode}`)),
    );
    ws.on('error', reject);
    ws.on('message', (data) => {
      if (conn.ready) {
        if (conn.onFrame) conn.onFrame(JSON.parse(String(data)));
        return;
      }
      const frame = JSON.parse(String(data));
      if (frame.type !== 'ready') return;
      conn.ready = frame;
      resolve(conn);
    });
  });
}

/** socket.io-client, WebSocket transport only, one connection per handle (forceNew). */
function openSocketIo(base, session, timeoutMs) {
  const socket = ioClient(base, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { cookie: session.cookie, origin: base },
    localAddress: localAddress(),
  });
  let closed = false;
  const conn = {
    ready: null,
    onFrame: null,
    send(frame) {
      const { clientId } = frame;
      socket.emit('message.send', frame, (answer) => {
        if (!conn.onFrame) return;
        if (answer?.error) conn.onFrame({ type: 'error', code: answer.error.code, clientId });
        else conn.onFrame({ type: 'message.ack', clientId, message: answer.message });
      });
    },
    get open() {
      return !closed && socket.connected;
    },
    close: () => {
      closed = true;
      socket.disconnect();
    },
  };
  socket.on('message.new', (data) =>
    conn.onFrame?.({ type: 'message.new', message: data.message }),
  );
  return withDeadline(timeoutMs, 'Socket.IO', conn.close, (resolve, reject) => {
    socket.once('connect_error', (err) => reject(new Error(`Socket.IO refused: ${err.message}`)));
    socket.once('ready', (frame) => {
      conn.ready = { type: 'ready', ...frame };
      resolve(conn);
    });
  });
}

/**
 * An idle Socket.IO client on the wire: Engine.IO v4 over WebSocket ("0{…}"
 * open → send "40" connect → "40{sid}", then events "42[…]"; the server's
 * pings "2" are answered "3"). Frames past `ready` are ignored.
 */
function openLeanSocketIo(base, session, timeoutMs) {
  const ws = signedInSocket(base, '/socket.io/?EIO=4&transport=websocket', session);
  const conn = {
    ready: null,
    onFrame: null,
    send: () => {
      throw new Error('a lean Socket.IO connection only idles');
    },
    get open() {
      return ws.readyState === WebSocket.OPEN;
    },
    close: () => ws.terminate(),
  };
  return withDeadline(timeoutMs, 'Socket.IO (lean)', conn.close, (resolve, reject) => {
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`Socket.IO upgrade refused: HTTP ${res.statusCode}`)),
    );
    ws.on('error', reject);
    ws.on('message', (data) => {
      const text = String(data);
      if (text === '2') return ws.send('3');
      if (text.startsWith('0')) return ws.send('40');
      if (text.startsWith('44')) return reject(new Error(`Socket.IO refused: ${text.slice(2)}`));
      if (!conn.ready && text.startsWith('42["ready",')) {
        conn.ready = { type: 'ready', ...JSON.parse(text.slice(2))[1] };
        resolve(conn);
      }
    });
  });
}

// One read buffer for every stream: `onread` hands it over synchronously, so it can be shared.
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

/**
 * Opens /api/events over a raw TCP socket read through `onread` into a shared
 * buffer (no HTTP parser, no stream machinery, no allocation per read: with
 * thousands of streams the generator must read faster than the server writes).
 * Resolves at the first body bytes (the `retry:` line); later reads go to
 * stream.onData(view) when one is set; the view is only valid during the call.
 */
export function openStream(base, session, timeoutMs = 15_000) {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    let head = null;
    let opened = false;
    const socket = net.connect({
      host: url.hostname,
      port: Number(url.port),
      localAddress: localAddress(),
      onread: { buffer: READ_BUFFER, callback: (n, buf) => onRead(buf.subarray(0, n)) },
    });
    socket.setNoDelay(true);
    const stream = { socket, onData: null, closed: false, close: () => socket.destroy() };
    const fail = (err) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error('SSE: no first bytes in time')), timeoutMs);
    socket.on('connect', () => {
      socket.write(
        `GET /api/events HTTP/1.1\r\nHost: ${url.host}\r\nCookie: ${session.cookie}\r\nAccept: text/event-stream\r\n\r\n`,
      );
    });
    function onRead(chunk) {
      if (head !== true) {
        head = head ? Buffer.concat([head, chunk]) : Buffer.from(chunk);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        const status = head.toString('latin1', 9, 12);
        if (status !== '200') return fail(new Error(`SSE refused: HTTP ${status}`));
        const rest = head.subarray(end + 4);
        head = true;
        if (rest.length === 0) return; // wait for the first body bytes
        chunk = rest;
      }
      if (!opened) {
        opened = true;
        clearTimeout(timer);
        resolve(stream);
      }
      if (stream.onData) stream.onData(chunk);
    }
    socket.on('error', fail);
    socket.on('close', () => {
      stream.closed = true;
    });
  });
}
