import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { connect } from 'node:net';
import { startTestApp, type TestApp } from './harness';

type Answer = { status: number; body: string; bodySent: boolean; error?: string };

/**
 * POSTs `size` bytes with Node's own http client (default keep-alive agent), in
 * 64 KiB pieces every few milliseconds as a client on a real network would: the
 * upload outlasts the server's answer. Resolves once the connection closes, with
 * any error the client saw, even after the answer.
 */
function postLarge(app: TestApp, path: string, size: number, chunked = false): Promise<Answer> {
  return new Promise((resolve) => {
    const payload = Buffer.alloc(size, 'a');
    const req = request(app.origin + path, {
      method: 'POST',
      headers: {
        origin: app.origin,
        'content-type': 'application/json',
        ...(chunked ? {} : { 'content-length': String(size) }),
      },
    });
    const answer: Answer = { status: 0, body: '', bodySent: false };
    req.on('response', (res) => {
      answer.status = res.statusCode ?? 0;
      res.on('data', (d) => (answer.body += d));
    });
    req.on('error', (e: NodeJS.ErrnoException) => (answer.error = `${e.code} ${e.message}`));
    req.on('close', () => resolve(answer));
    let at = 0;
    const timer = setInterval(() => {
      if (at >= size) {
        clearInterval(timer);
        req.end(() => (answer.bodySent = true));
        return;
      }
      req.write(payload.subarray(at, (at += 64 * 1024)));
    }, 10);
  });
}

/**
 * POSTs `size` bytes on a raw socket in 256 KiB writes, as fast as the socket takes
 * them; resolves once the connection closes with what came back and any socket error.
 */
function rawPost(port: number, path: string, size: number, close: boolean) {
  return new Promise<{ text: string; error?: string }>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const answer: { text: string; error?: string } = { text: '' };
    socket.on('data', (d) => (answer.text += d));
    socket.on('error', (e: NodeJS.ErrnoException) => (answer.error = e.code));
    socket.on('close', () => resolve(answer));
    socket.on('connect', async () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1:${port}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${size}\r\n` +
          `${close ? 'Connection: close\r\n' : ''}\r\n`,
      );
      const chunk = Buffer.alloc(256 * 1024, 'a');
      for (let at = 0; at < size && !socket.destroyed; at += chunk.length)
        if (!socket.write(chunk.subarray(0, Math.min(chunk.length, size - at))))
          await new Promise((r) => socket.once('drain', r).once('close', r));
      if (!socket.destroyed) socket.end();
    });
  });
}

describe('an over-long body still gets its 413', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.stop());

  for (const chunked of [false, true]) {
    it(`5 MB ${chunked ? 'chunked' : 'with Content-Length'}: Node's http client reads the 413 JSON`, async () => {
      for (const path of ['/api/auth/login', '/api/conversations/1/messages']) {
        const answer = await postLarge(app, path, 5 * 1024 * 1024, chunked);
        expect(answer.error).toBeUndefined();
        expect(answer.bodySent).toBe(true); // the server did not hang up mid-upload
        expect(answer.status).toBe(413);
        expect(JSON.parse(answer.body).error.code).toBe('payload_too_large');
      }
      expect((await app.anon().get('/api/health')).status).toBe(200);
    });
  }

  it('sequential 5 MB logins in 256 KiB writes each read their 413, with or without Connection: close', async () => {
    for (let i = 0; i < 8; i++) {
      const answer = await rawPost(app.port, '/api/auth/login', 5 * 1024 * 1024, i % 2 === 0);
      expect(answer.error).toBeUndefined(); // no EPIPE, no reset
      expect(answer.text).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer.text).toContain('"payload_too_large"');
    }
  });

  it('stops reading past a few MiB: the server hangs up and keeps serving', async () => {
    const answer = await postLarge(app, '/api/auth/login', 12 * 1024 * 1024);
    expect(answer.bodySent).toBe(false);
    expect((await app.anon().get('/api/health')).status).toBe(200);
  });
});
