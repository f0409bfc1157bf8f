// What the workerd tests share: a signed-in user, a chat socket and an SSE reader through SELF (the front Worker).
import { SELF } from 'cloudflare:test';
import { expect } from 'vitest';

export const ORIGIN = 'http://example.com';

export async function login(email: string) {
  const res = await SELF.fetch(`${ORIGIN}/api/auth/login`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'Avenir-2026!' }),
  });
  expect(res.status).toBe(200);
  const { user } = (await res.json()) as { user: { id: number } };
  return { user, cookie: res.headers.get('set-cookie')!.split(';')[0] };
}

/** A client socket through the front Worker, the Bank and the user's Gateway. */
export async function openSocket(cookie: string) {
  const res = await SELF.fetch(`${ORIGIN}/api/ws`, {
    headers: { upgrade: 'websocket', origin: ORIGIN, cookie },
  });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const frames: any[] = [];
  const waiters = new Set<() => void>();
  let closed: { code: number } | null = null;
  ws.addEventListener('message', (e) => {
    frames.push(JSON.parse(e.data as string));
    for (const w of waiters) w();
  });
  ws.addEventListener('close', (e) => {
    closed = { code: e.code };
    for (const w of waiters) w();
  });
  ws.accept();
  const until = <T>(check: () => T | undefined | null | false, what: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), 5000);
      const test = () => {
        const v = check();
        if (v) {
          clearTimeout(timer);
          waiters.delete(test);
          resolve(v);
        }
      };
      waiters.add(test);
      test();
    });
  return {
    ws,
    frames,
    next: (pick: (f: any) => boolean) => until(() => frames.find(pick), 'frame'),
    closed: () => until(() => closed, 'close'),
    send: (frame: unknown) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
  };
}

/** Reads an SSE response until `done(text)`, then lets it go. */
export async function readUntil(res: Response, done: (text: string) => boolean) {
  const reader = res.body!.getReader();
  let text = '';
  while (!done(text)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += new TextDecoder().decode(value);
  }
  await reader.cancel();
  return text;
}

export type StreamEvent = { id?: string; event?: string; data?: string };

/** GET /api/events as a client reads it: parsed events as they come, and the end of the stream. */
export async function openEvents(cookie: string, lastEventId?: number) {
  const res = await SELF.fetch(`${ORIGIN}/api/events`, {
    headers: {
      cookie,
      ...(lastEventId === undefined ? {} : { 'last-event-id': `${lastEventId}` }),
    },
  });
  const events: StreamEvent[] = [];
  let ended = false;
  const reader = res.ok ? res.body!.getReader() : null;
  const pump = (async () => {
    if (!reader) return;
    let buffer = '';
    const decoder = new TextDecoder();
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const e: StreamEvent = {};
        for (const line of buffer.slice(0, cut).split('\n')) {
          const m = /^(id|event|data): ?(.*)$/.exec(line);
          if (m) e[m[1] as keyof StreamEvent] = m[2];
        }
        buffer = buffer.slice(cut + 2);
        if (e.event) events.push(e);
      }
    }
    ended = true;
  })();
  return {
    res,
    events,
    /** Waits (up to 10 s) until `check` holds. */
    async until(check: () => boolean) {
      for (let t = Date.now(); !check(); await new Promise((r) => setTimeout(r, 20)))
        if (Date.now() - t > 10_000) throw new Error('timed out waiting for the stream');
    },
    ended: () => pump.then(() => ended),
    cancel: () => reader?.cancel(),
  };
}
