/**
 * For the client models' unit tests (Vitest in Node, no browser): the models'
 * relative `fetch('/api/…')` calls go to the real app on an ephemeral port with
 * a signed-in person's cookie, and the real SSE stream's events can be handed to
 * the handlers a model registered on its EventStream.
 */
import { afterAll, beforeAll, vi } from 'vitest';
import { startTestApp, type Agent, type SseEvent, type TestApp } from '../../test/harness';
import type { EventStream } from './event-stream';

export type Sent = { method: string; path: string; headers: Record<string, string> };

export function useModelServer() {
  const realFetch = globalThis.fetch;
  const ctx = {
    app: undefined as unknown as TestApp,
    /** Who the models speak as (set by signIn). */
    agent: undefined as unknown as Agent,
    /** Every request the models made, in order. */
    sent: [] as Sent[],
    /** How many of the next answers are lost after the server handled the request. */
    loseAnswers: 0,
    async signIn(email: string) {
      ctx.agent = await ctx.app.login(email);
      return ctx.agent;
    },
  };
  beforeAll(async () => {
    ctx.app = await startTestApp();
    vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
      if (/^https?:/.test(input)) return realFetch(input, init); // the harness's own agents
      // api.ts passes a plain object, Hono's client a Headers: one lower-case record either way.
      const headers: Record<string, string> = {
        ...Object.fromEntries(new Headers(init.headers)),
        cookie: ctx.agent?.cookie ?? '',
        origin: ctx.app.origin,
      };
      ctx.sent.push({ method: init.method ?? 'GET', path: input, headers });
      const res = await realFetch(ctx.app.origin + input, { ...init, headers });
      if (ctx.loseAnswers > 0) {
        ctx.loseAnswers--;
        await res.arrayBuffer();
        throw new TypeError('fetch failed'); // what a dropped connection looks like
      }
      return res;
    });
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    await ctx.app?.stop();
  });
  return ctx;
}

/** An EventStream whose events are the ones a test hands over (e.g. read from a real SSE stream). */
export function createStreamBridge() {
  const handlers = new Map<string, Set<(data: unknown) => void>>();
  const resyncs = new Set<() => void>();
  const stream = {
    on(type: string, handler: (data: unknown) => void) {
      const set = handlers.get(type) ?? new Set();
      handlers.set(type, set);
      set.add(handler);
      return () => void set.delete(handler);
    },
    onResync(handler: () => void) {
      resyncs.add(handler);
      return () => void resyncs.delete(handler);
    },
  } as unknown as EventStream;
  return {
    stream,
    deliver(e: SseEvent) {
      for (const h of handlers.get(e.event) ?? []) h(e.data);
    },
    resync: () => resyncs.forEach((h) => h()),
  };
}
