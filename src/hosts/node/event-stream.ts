import type { Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { EventSink } from '../../platform';

/**
 * Bytes a reader may leave unread before its stream is cut (it resumes by
 * reconnecting). Live events may pile up to this; a replay waits for 'drain'
 * after each write that fills the buffer, so it never comes near it.
 */
const MAX_UNSENT_BYTES = 1024 * 1024;

const CRLF = Buffer.from('\r\n');
/**
 * One event's bytes as an HTTP/1.1 chunk, built once for every stream: sse.ts
 * hands all streams the same Uint8Array per event, so the chunk is keyed by it.
 */
const chunks = new WeakMap<Uint8Array, Buffer>();

function asChunk(data: string | Uint8Array): Buffer {
  if (typeof data === 'string') {
    return Buffer.from(`${Buffer.byteLength(data).toString(16)}\r\n${data}\r\n`);
  }
  let chunk = chunks.get(data);
  if (!chunk) {
    chunk = Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, CRLF]);
    chunks.set(data, chunk);
  }
  return chunk;
}

/**
 * The Node host's SSE transport. Hono's streamSSE goes through a
 * TransformStream and a reader per stream; ServerResponse.write frames every
 * chunk again per stream (length line, corked socket, writev on the next tick).
 * Here the headers go out through the ServerResponse, then each event is one
 * shared, already framed Buffer written straight to the socket: one write call
 * per stream and event. Server CPU per 1,000 deliveries (bench, 2,000 streams,
 * burst): 18.5 ms before, 9.5 ms after; the raw node:http baseline did 14 and
 * 9.5 in the same runs.
 * The ServerResponse only ends the chunked body at the end (`0\r\n\r\n`).
 */
export function openNodeEventStream(c: Context): EventSink | null {
  const res = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  const socket = res?.socket;
  if (!res || !socket || typeof res.writeHead !== 'function') return null;
  // @hono/node-server's 'close' handler only aborts c.req.raw.signal, which the
  // stream never reads; it would keep the Request (headers, URL, abort
  // controller: about 2 KiB) alive for as long as the stream is open.
  res.removeAllListeners('close');
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
    connection: 'keep-alive',
    'transfer-encoding': 'chunked',
  });
  res.flushHeaders(); // nothing may sit in the ServerResponse before the socket writes
  socket.setNoDelay(true);
  return new SocketSink(res, socket);
}

/** A class rather than closures: an idle stream holds one small object. */
class SocketSink implements EventSink {
  readonly response = RESPONSE_ALREADY_SENT;
  constructor(
    private readonly res: ServerResponse,
    private readonly socket: Socket,
  ) {}

  private get over() {
    return this.res.writableEnded || this.socket.destroyed;
  }

  write(data: string | Uint8Array) {
    if (this.over) return true; // nothing to wait for
    if (this.socket.writableLength > MAX_UNSENT_BYTES) {
      this.socket.destroy(); // a reader that stopped reading
      return true;
    }
    return this.socket.write(asChunk(data));
  }

  drained() {
    const { socket } = this;
    if (!socket.writableNeedDrain || this.over) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        socket.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      socket.on('drain', done);
      socket.on('close', done);
    });
  }

  onAbort(listener: () => void) {
    this.socket.once('close', listener);
  }

  close() {
    if (!this.over) this.res.end();
  }
}
