import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
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

  it('stops reading past a few MiB: the server hangs up and keeps serving', async () => {
    const answer = await postLarge(app, '/api/auth/login', 12 * 1024 * 1024);
    expect(answer.bodySent).toBe(false);
    expect((await app.anon().get('/api/health')).status).toBe(200);
  });
});
