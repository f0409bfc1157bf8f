/**
 * Test harness: the real Node host on an ephemeral port, a fresh SQLite file
 * with the real migrations and fixtures, and small real HTTP / WebSocket / SSE
 * clients that carry a cookie like a browser does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { hc, type ClientResponse } from 'hono/client';
import type { ApiRoutes } from '../src/app';
import type { UserSummary } from '../src/users/shape';
import { loadConfig } from '../src/config';
import { startServer, type RunningServer } from '../src/hosts/node/server';
import type { Mailer } from '../src/mail/mailer';
import type { WrapSync } from '../src/hosts/node/wal-sync';
import { FIXTURE_PASSWORD } from '../seed/fixtures';

export { FIXTURE_PASSWORD };

export type TestApp = RunningServer & {
  dir: string;
  origin: string;
  /** A client without a session. */
  anon(): Agent;
  /** A signed-in client for a fixture account (password Avenir-2026!). */
  login(email: string, password?: string): Promise<Agent>;
  stop(): Promise<void>;
};

/** What every test host starts with: development, a free port, a fresh seeded database in `dir`. */
export const testHostEnv = (dir: string, env: Record<string, string>) => ({
  NODE_ENV: 'development',
  PORT: '0',
  HOST: '127.0.0.1',
  DATABASE_PATH: join(dir, 'avenir.db'),
  SEED: 'auto',
  ...env,
});

export async function startTestApp(
  env: Record<string, string> = {},
  opts: { mailer?: Mailer; wrapSync?: WrapSync } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'avenir-test-'));
  const config = loadConfig(testHostEnv(dir, env));
  const running = await startServer(config, opts);
  await running.periodicWork; // tests see the start's catch-ups done
  const origin = running.url;
  const app: TestApp = {
    ...running,
    dir,
    origin,
    ...clientsOf(origin),
    async stop() {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return app;
}

/** Anonymous and signed-in clients of an app at `origin` (any host). */
export function clientsOf(origin: string) {
  return {
    anon: () => new Agent(origin),
    async login(email: string, password = FIXTURE_PASSWORD) {
      const agent = new Agent(origin);
      const res = await agent.post('/api/auth/login', { email, password });
      if (res.status !== 200)
        throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
      agent.user = res.body.user;
      return agent;
    },
  };
}

/** An answer read by path: `body` is `any`, for tests that probe bad input and odd answers. */
export type Res = { status: number; headers: Headers; body: any; text: string };

/** The status and the body of a typed call, typed by the route (every answer the route declares). */
export async function answer<T, S extends number>(call: Promise<ClientResponse<T, S, 'json'>>) {
  const res = await call;
  const text = await res.text();
  return {
    status: res.status as S,
    headers: res.headers,
    body: (text ? JSON.parse(text) : undefined) as T,
  };
}

/** A tiny browser: keeps the session cookie and sends a same-origin Origin header. */
export class Agent {
  cookie = '';
  /** Who signed in (login sets it). */
  user!: UserSummary & { email: string; advisor?: UserSummary | null };
  constructor(
    readonly base: string,
    public originHeader: string | null = base,
  ) {}

  /**
   * Hono's typed client over /api as this agent (its cookie, its Origin): paths,
   * inputs and answers typed by the server's routes. With `answer()`:
   * `const { status, body } = await answer(agent.api.accounts.$get())`.
   */
  get api() {
    return (this.typed ??= hc<ApiRoutes>(`${this.base}/api`, {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => this.send(String(input), init ?? {}),
    }));
  }
  private typed: ReturnType<typeof hc<ApiRoutes>> | undefined;

  /** fetch with the session cookie and the Origin header; keeps the cookie the answer sets. */
  private async send(url: string, init: RequestInit) {
    const h = new Headers(init.headers);
    if (this.cookie) h.set('cookie', this.cookie);
    if (this.originHeader && !h.has('origin')) h.set('origin', this.originHeader);
    const res = await fetch(url, { ...init, headers: h, redirect: 'manual' });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('avenir_session='));
    if (setCookie) {
      const value = setCookie.split(';')[0];
      this.cookie = value === 'avenir_session=' || /Max-Age=0/i.test(setCookie) ? '' : value;
    }
    return res;
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Res> {
    const h: Record<string, string> = { ...headers };
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await this.send(this.base + path, { method, headers: h, body: payload });
    const text = await res.text();
    let parsed: any = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }
  get = (path: string, headers?: Record<string, string>) =>
    this.request('GET', path, undefined, headers);
  post = (path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('POST', path, body ?? {}, headers);
  patch = (path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('PATCH', path, body ?? {}, headers);
  del = (path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('DELETE', path, body, headers);

  /** Opens /api/ws with this agent's cookie; resolves once the `ready` frame arrived. */
  ws(headers: Record<string, string> = {}): Promise<TestSocket> {
    return TestSocket.open(this.base.replace(/^http/, 'ws') + '/api/ws', {
      ...(this.cookie ? { cookie: this.cookie } : {}),
      ...(this.originHeader ? { origin: this.originHeader } : {}),
      ...headers,
    });
  }

  /** Opens /api/events (SSE) with this agent's cookie. */
  sse(headers: Record<string, string> = {}): Promise<SseStream> {
    return SseStream.open(this.base + '/api/events', {
      ...(this.cookie ? { cookie: this.cookie } : {}),
      ...headers,
    });
  }
}

/** Waits until `pick` finds something in `list`, which grows as frames/events arrive. */
function waitIn<T>(
  list: T[],
  pick: (x: T) => boolean,
  timeoutMs: number,
  what: string,
  onGrow: (cb: () => void) => () => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = list.find(pick);
      if (found !== undefined) {
        done();
        resolve(found);
        return true;
      }
      return false;
    };
    const timer = setTimeout(() => {
      done();
      reject(
        new Error(`timed out waiting for ${what}; got ${JSON.stringify(list).slice(0, 2000)}`),
      );
    }, timeoutMs);
    const off = onGrow(() => void check());
    const done = () => {
      clearTimeout(timer);
      off();
    };
    check();
  });
}

export class TestSocket {
  frames: any[] = [];
  closed: Promise<{ code: number }>;
  private listeners = new Set<() => void>();
  ready: any;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)));
      for (const l of this.listeners) l();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve({ code })));
  }

  static open(url: string, headers: Record<string, string>): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const sock = new TestSocket(ws);
      ws.once('unexpected-response', (_req, res) =>
        reject(
          Object.assign(new Error(`upgrade refused: ${res.statusCode}`), {
            status: res.statusCode,
          }),
        ),
      );
      ws.once('error', reject);
      sock
        .next((f) => f.type === 'ready')
        .then((ready) => {
          sock.ready = ready;
          resolve(sock);
        }, reject);
    });
  }

  send(frame: unknown) {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
  /** Resolves with the first frame (already received or to come) that matches. */
  next(pick: (f: any) => boolean, timeoutMs = 3000) {
    return waitIn(this.frames, pick, timeoutMs, 'frame', (cb) => {
      this.listeners.add(cb);
      return () => this.listeners.delete(cb);
    });
  }
  of(type: string) {
    return this.frames.filter((f) => f.type === type);
  }
  close() {
    this.ws.close();
    return this.closed;
  }
}

export type SseEvent = { id?: string; event: string; data: any; raw: string };

export class SseStream {
  events: SseEvent[] = [];
  comments: string[] = [];
  retry?: number;
  /** What a browser's EventSource would send as Last-Event-ID on reconnect. */
  lastEventId = '';
  status = 0;
  headers!: Headers;
  ended: Promise<void>;
  private listeners = new Set<() => void>();
  private endResolve!: () => void;
  private constructor(private controller: AbortController) {
    this.ended = new Promise((r) => (this.endResolve = r));
  }

  static async open(url: string, headers: Record<string, string>): Promise<SseStream> {
    const controller = new AbortController();
    const stream = new SseStream(controller);
    const res = await fetch(url, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: controller.signal,
    });
    stream.status = res.status;
    stream.headers = res.headers;
    if (!res.ok || !res.body) {
      stream.endResolve();
      return stream;
    }
    void stream.pump(res.body);
    return stream;
  }

  private async pump(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      const reader = body.getReader();
      for (;;) {
        const { value: chunk, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(chunk, { stream: true });
        let idx: number;
        while ((idx = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, idx);
          buffer = buffer.slice(idx + 2);
          this.parse(block);
        }
      }
    } catch {
      // aborted
    } finally {
      this.endResolve();
      for (const l of this.listeners) l();
    }
  }

  private parse(block: string) {
    const ev: SseEvent = { event: 'message', data: '', raw: block };
    const data: string[] = [];
    let hasField = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments.push(line.slice(1).trim());
        continue;
      }
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      hasField = true;
      if (field === 'data') data.push(value);
      else if (field === 'event') ev.event = value;
      else if (field === 'id') ev.id = this.lastEventId = value;
      else if (field === 'retry') this.retry = Number(value);
    }
    if (!hasField || (data.length === 0 && ev.event === 'message')) return;
    const text = data.join('\n');
    try {
      ev.data = text ? JSON.parse(text) : text;
    } catch {
      ev.data = text;
    }
    this.events.push(ev);
    for (const l of this.listeners) l();
  }

  next(pick: (e: SseEvent) => boolean, timeoutMs = 3000) {
    return waitIn(this.events, pick, timeoutMs, 'SSE event', (cb) => {
      this.listeners.add(cb);
      return () => this.listeners.delete(cb);
    });
  }
  of(event: string) {
    return this.events.filter((e) => e.event === event);
  }
  close() {
    this.controller.abort();
    return this.ended;
  }
}

/** Resolves after `ms`; for "nothing arrived" checks only, never for timing assertions. */
