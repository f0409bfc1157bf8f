import type { Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { EventSink } from '../../platform';

/**
 * Bytes a reader may leave unread before its stream is cut (it resumes by
 * reconnecting). Live events may pile up to this; a replay waits for 'drain'
 * after each write that fills the buffer, so it never comes near it.
 */
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
      if (res.writableEnded || res.destroyed) return true; // over: nothing to wait for
      if (res.writableLength > MAX_UNSENT_BYTES) {
        res.destroy(); // a reader that stopped reading
        return true;
      }
      return res.write(chunk);
    },
    drained() {
      if (!res.writableNeedDrain || res.writableEnded || res.destroyed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
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
