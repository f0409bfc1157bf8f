// API.md « Conventions »: every client reads an over-long body's 413, on both hosts.
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startContractHost, type ContractHost } from './host';

let app: ContractHost;
beforeAll(async () => {
  app = await startContractHost();
}, 180_000);
afterAll(() => app?.stop());

/** A raw HTTP/1.1 POST of `size` bytes in 256 KiB writes; what came back once the connection closed. */
function rawPost(path: string, size: number, headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(app.origin);
  return new Promise<{ text: string; error?: string }>((resolve) => {
    const socket = connect(Number(port), hostname);
    const answer: { text: string; error?: string } = { text: '' };
    socket.on('data', (d) => (answer.text += d));
    socket.on('error', (e: NodeJS.ErrnoException) => (answer.error = e.code));
    socket.on('close', () => resolve(answer));
    socket.on('connect', async () => {
      const head = {
        host: `${hostname}:${port}`,
        origin: app.origin,
        'content-type': 'application/json',
        'content-length': String(size),
        connection: 'close',
        ...headers,
      };
      socket.write(
        `POST ${path} HTTP/1.1\r\n${Object.entries(head)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('')}\r\n`,
      );
      const chunk = Buffer.alloc(256 * 1024, 'a');
      for (let at = 0; at < size && !socket.destroyed; at += chunk.length)
        if (!socket.write(chunk.subarray(0, Math.min(chunk.length, size - at))))
          await new Promise((r) => socket.once('drain', r).once('close', r));
      if (!socket.destroyed) socket.end();
    });
  });
}

const expect413 = (answer: { text: string; error?: string }) => {
  expect(answer.error).toBeUndefined();
  expect(answer.text).toMatch(/^HTTP\/1\.1 413 /);
  expect(answer.text).toContain('"payload_too_large"');
};

it('5 MB logins written in 256 KiB pieces, one after another, each read their 413', async () => {
  for (let i = 0; i < 4; i++) {
    const connection = i % 2 ? 'keep-alive' : 'close';
    expect413(await rawPost('/api/auth/login', 5 * 1024 * 1024, { connection }));
  }
  // As curl --http2 sends it on http://: an h2c upgrade offer that the host declines.
  const h2c = {
    connection: 'Upgrade, HTTP2-Settings',
    upgrade: 'h2c',
    'http2-settings': 'AAMAAABkAARAAAAAAAIAAAAA',
  };
  expect413(await rawPost('/api/auth/login', 5 * 1024 * 1024, h2c));

  const res = await fetch(`${app.origin}/api/auth/login`, {
    method: 'POST',
    headers: { origin: app.origin, 'content-type': 'application/json' },
    body: 'a'.repeat(5 * 1024 * 1024),
  });
  expect(res.status).toBe(413);
  expect(((await res.json()) as any).error.code).toBe('payload_too_large');
  // Chunked, without a Content-Length: the host finds out while reading.
  const piece = new Uint8Array(256 * 1024).fill(97);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= 5 * 1024 * 1024) return controller.close();
      sent += piece.length;
      controller.enqueue(piece);
    },
  });
  const chunked = await fetch(`${app.origin}/api/auth/login`, {
    method: 'POST',
    headers: { origin: app.origin, 'content-type': 'application/json' },
    body: stream,
    duplex: 'half',
  } as RequestInit);
  expect(chunked.status).toBe(413);
});

it('a 2 MiB message from a signed-in client reads its 413, and the app goes on', async () => {
  const client = await app.login('client1@avenir.test');
  const conversations = (await client.get('/api/conversations')).body.items;
  const path = `/api/conversations/${conversations[0].id}/messages`;
  for (let i = 0; i < 2; i++)
    expect413(await rawPost(path, 2 * 1024 * 1024, { cookie: client.cookie }));
  const big = await client.post(path, { body: 'x'.repeat(2 * 1024 * 1024), clientId: 'big' });
  expect(big.status).toBe(413);
  expect(big.body.error.code).toBe('payload_too_large');
  expect((await client.post(path, { body: 'Toujours là ?', clientId: 'small' })).status).toBe(201);
});
