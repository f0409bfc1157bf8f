import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from './harness';
import { killChildren, killed, login, startChild } from './child-app';

/** A raw TCP exchange: what the server wrote and whether it closed its side. */
type Exchange = { text: string; closedByServer: boolean };

function openRaw(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Writes `request`, then reads until the server ends the connection, `until`
 * matches what it wrote, or `timeoutMs` passes; then closes the client side.
 */
async function exchange(
  port: number,
  request: string,
  { until, timeoutMs = 3000 }: { until?: RegExp; timeoutMs?: number } = {},
): Promise<Exchange> {
  const socket = await openRaw(port);
  socket.on('error', () => {});
  let text = '';
  const closedByServer = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    socket.on('data', (d) => {
      text += d.toString('latin1');
      if (until?.test(text)) resolve(false);
    });
    socket.once('end', () => {
      clearTimeout(timer);
      resolve(true);
    });
    socket.write(request);
  });
  socket.end();
  return { text, closedByServer };
}

const h2cRequest = (path: string) =>
  `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n` +
  `HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n`;

/** GET /api/health on a fresh connection that closes (fetch would keep one alive in its pool). */
async function health(port: number) {
  const { text } = await exchange(
    port,
    'GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  );
  return text.split('\r\n')[0];
}

/** Polls until the server holds no connection at all (every handle released). */
async function waitForNoConnections(app: TestApp, timeout = 5000) {
  const count = () =>
    new Promise<number>((ok, ko) => app.server.getConnections((e, n) => (e ? ko(e) : ok(n))));
  await vi
    .waitFor(async () => expect(await count()).toBe(0), { timeout, interval: 50 })
    .catch(() => {});
  return count();
}

describe('Node host: upgrades that are not WebSockets, and garbage', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.stop());

  it('survives an h2c upgrade followed by a connection reset', async () => {
    for (let i = 0; i < 5; i++) {
      const socket = await openRaw(app.port);
      socket.on('error', () => {});
      const answered = new Promise((ok) => socket.once('data', ok));
      socket.write(h2cRequest('/api/health'));
      await answered; // the server took the request: now the client vanishes
      socket.resetAndDestroy();
    }
    expect(await health(app.port)).toBe('HTTP/1.1 200 OK');
    expect(await waitForNoConnections(app)).toBe(0);
  });

  it('serves an h2c upgrade request as plain HTTP/1.1, like curl --http2 expects', async () => {
    const { text } = await exchange(app.port, h2cRequest('/api/health'), {
      until: /"status":"ok"/,
    });
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).not.toMatch(/^HTTP\/1\.1 101/);
    expect(text).toContain('"status":"ok"');
    // The connection stays a normal HTTP one: a second request on it is answered too.
    const socket = await openRaw(app.port);
    let seen = '';
    socket.on('data', (d) => (seen += d));
    socket.write(h2cRequest('/api/health'));
    socket.write('GET /api/nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await new Promise((ok) => socket.once('end', ok));
    socket.destroy();
    expect(seen.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 404']);
    expect(seen).toContain('"not_found"');
    expect(await waitForNoConnections(app)).toBe(0);
  });

  it('answers an h2c upgrade with a body and releases the socket when the client closes', async () => {
    const body = JSON.stringify({ email: 'x@y.fr', password: 'faux-mot-de-passe' });
    const socket = await openRaw(app.port);
    let seen = '';
    socket.on('data', (d) => (seen += d));
    socket.setNoDelay(true);
    const write = (text: string) => new Promise((ok) => socket.write(text, ok));
    await write(
      `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${app.port}\r\nOrigin: ${app.origin}\r\n` +
        `Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    await write(body.slice(10)); // a second piece, written once the first left
    // a password hash: slow on a busy machine
    await vi.waitFor(() => expect(seen).toContain('invalid_credentials'), { timeout: 10_000 });
    expect(seen).toMatch(/^HTTP\/1\.1 401 /); // the body, sent in two pieces, was read
    socket.end(); // a normal close: the server must not keep it half-open (CLOSE_WAIT)
    expect(await waitForNoConnections(app)).toBe(0);
  });

  it('closes sockets of other upgrades (CONNECT, unknown protocols) without leaking them', async () => {
    const other = await exchange(
      app.port,
      'GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: foo/1\r\n\r\n',
      { until: /"status":"ok"/ },
    );
    expect(other.text).toMatch(/^HTTP\/1\.1 200 /);
    const tunnel = await exchange(app.port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(tunnel.closedByServer).toBe(true);
    expect(await waitForNoConnections(app)).toBe(0);
  });

  it('answers garbage request lines with a 400 JSON error and closes', async () => {
    for (const garbage of [
      'HELLO\r\n\r\n',
      '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03',
      'GET / HTTP/9.9\r\n\r\n',
    ]) {
      const { text, closedByServer } = await exchange(app.port, garbage);
      expect(text).toMatch(/^HTTP\/1\.1 400 /);
      expect(text).toContain('"validation_failed"');
      expect(closedByServer).toBe(true);
    }
    const socket = await openRaw(app.port);
    socket.write('GARBAGE');
    socket.resetAndDestroy();
    expect(await health(app.port)).toBe('HTTP/1.1 200 OK');
    expect(await waitForNoConnections(app)).toBe(0);
  });

  it('still refuses a WebSocket upgrade without a session, and releases the socket', async () => {
    const { text } = await exchange(
      app.port,
      `GET /api/ws HTTP/1.1\r\nHost: 127.0.0.1:${app.port}\r\nOrigin: ${app.origin}\r\nConnection: Upgrade\r\n` +
        `Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
    );
    expect(text).toMatch(/^HTTP\/1\.1 401 /);
    expect(await waitForNoConnections(app)).toBe(0);
  });

  it('a 413 that keeps the connection alive serves the next request on it', async () => {
    // A keep-alive client (fetch, undici) queued its next request on a connection whose 413
    // said keep-alive, and the server then cut it past DISCARD_LIMIT_BYTES: "other side
    // closed". Either the 413 announces the close, or the connection serves what comes next.
    const size = 12 * 1024 * 1024;
    const socket = await openRaw(app.port);
    let text = '';
    let failed = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('error', (e: NodeJS.ErrnoException) => (failed = e.code ?? e.message));
    socket.on('close', () => (failed ||= 'closed'));
    const write = (chunk: string | Buffer) =>
      new Promise<void>((ok) => (socket.destroyed ? ok() : socket.write(chunk, () => ok())));
    await write(
      `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${app.origin}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`,
    );
    const waitFor = (check: () => boolean) =>
      vi.waitFor(() => expect(check()).toBe(true), { timeout: 10_000 }).catch(() => {});
    await waitFor(() => /payload_too_large/.test(text) || failed !== '');
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    const head = text.slice(0, text.indexOf('\r\n\r\n')).toLowerCase();
    if (head.includes('\r\nconnection: close')) {
      await waitFor(() => failed !== '');
      expect(failed).not.toBe(''); // and the server does close it
    } else {
      // Kept alive: the client finishes its upload, then sends its next request.
      const piece = Buffer.alloc(256 * 1024, 'a');
      for (let sent = 0; sent < size && !failed; sent += piece.length) await write(piece);
      text = '';
      await write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      await waitFor(() => /\r\n\r\n/.test(text) || failed !== '');
      expect(failed).toBe('');
      expect(text.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    }
    socket.destroy();
    expect(await health(app.port)).toBe('HTTP/1.1 200 OK');
  });
});

describe('Node host: SIGTERM', () => {
  afterEach(killChildren);

  it(
    'tells every WebSocket 1001 « going away » before the process exits',
    { timeout: 60_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'avenir-sigterm-'));
      try {
        const { child, base } = await startChild(join(dir, 'avenir.db'));
        const agents = [
          await login(base, 'client1@avenir.test'),
          await login(base, 'conseiller1@avenir.test'),
        ];
        const sockets = await Promise.all([...agents, agents[0]].map((a) => a.ws()));
        const closes = sockets.map(
          (s) =>
            new Promise<{ code: number; reason: string }>((ok) =>
              s.ws.once('close', (code, reason) => ok({ code, reason: String(reason) })),
            ),
        );
        const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
        child.kill('SIGTERM');
        for (const close of await Promise.all(closes))
          expect(close).toEqual({ code: 1001, reason: 'going away' });
        expect(await exited).toBe(0);
        await killed(child);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
