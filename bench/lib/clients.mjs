/**
 * The generator's clients, lean enough to hold 10,000 connections on one core:
 * login over fetch, chat sockets with `ws`, SSE streams over raw TCP (scanned
 * only where a scenario listens; idle streams are drained unparsed).
 */
import http from 'node:http';
import net from 'node:net';
import WebSocket from 'ws';

export const PASSWORD = 'Avenir-2026!';

/** Signs a fixture account in; returns its cookie and user. */
export async function login(base, email, password = PASSWORD) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email, password }),
  });
  const text = await res.text();
  if (res.status !== 200)
    throw new Error(`login ${email}: HTTP ${res.status} ${text.slice(0, 200)}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('avenir_session='))
    ?.split(';')[0];
  if (!cookie) throw new Error(`login ${email}: no session cookie`);
  return { email, cookie, user: JSON.parse(text).user };
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
        resolve({ status: res.statusCode, body: json, text });
      });
    });
    req.end(payload);
  });
}

/**
 * Opens /api/ws and resolves once the `ready` frame arrived (socket.ready holds it).
 * Later frames go, unparsed, to socket.onText when one is set.
 */
export function openSocket(base, session, timeoutMs = 15_000) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/ws`, {
      headers: { cookie: session.cookie, origin: base },
      perMessageDeflate: false,
    });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('WebSocket: no ready frame in time'));
    }, timeoutMs);
    ws.onText = null;
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`WebSocket upgrade refused: HTTP ${res.statusCode}`));
      ws.terminate();
    });
    ws.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.on('message', (data) => {
      if (!ws.ready) {
        const frame = JSON.parse(String(data));
        if (frame.type !== 'ready') return;
        ws.ready = frame;
        clearTimeout(timer);
        resolve(ws);
        return;
      }
      if (ws.onText) ws.onText(String(data));
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
