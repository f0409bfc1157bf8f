import type { Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { EventSink } from '../platform';

/** Bytes a reader may leave unread before its stream is cut (it resumes by reconnecting). */
const MAX_UNSENT_BYTES = 1024 * 1024;

/**
 * The Node host's SSE transport: the event stream is written straight to the
 * socket. Hono's streamSSE goes through a TransformStream and a reader per
 * stream, which costs memory per idle stream and time per event; with
 * thousands of streams both show.
 */
export function openNodeEventStream(c: Context): EventSink | null {
  const res = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  if (!res || typeof res.writeHead !== 'function') return null;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
    connection: 'keep-alive',
  });
  res.socket?.setNoDelay(true);
  return {
    write(chunk) {
      if (res.writableEnded || res.destroyed) return;
      if (res.writableLength > MAX_UNSENT_BYTES) return res.destroy(); // a reader that stopped reading
      res.write(chunk);
    },
    onAbort(listener) {
      res.once('close', listener);
    },
    close() {
      if (!res.writableEnded) res.end();
    },
    response: RESPONSE_ALREADY_SENT,
  };
}
