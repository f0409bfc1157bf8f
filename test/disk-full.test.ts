import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { startTestApp, type TestApp } from './harness';
import { freshClient, signIn } from '../src/chat/test-kit';

/**
 * A full disk, simulated without root: SQLite refuses to grow the database past
 * `max_page_count` pages, and answers SQLITE_FULL exactly as on a full file system.
 */
const sqliteOf = (app: TestApp) =>
  (app.platform.db as unknown as { $client: Database.Database }).$client;
function fillDisk(app: TestApp) {
  const sqlite = sqliteOf(app);
  const pages = Number(sqlite.pragma('page_count', { simple: true }));
  sqlite.pragma(`max_page_count = ${pages}`);
}
function freeDisk(app: TestApp) {
  sqliteOf(app).pragma('max_page_count = 4294967294');
}

const body = (n: number) => `${n} `.padEnd(3900, 'x'); // about one page each

describe('disk full', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.stop());

  it('a WebSocket send gets an `unavailable` error frame with its clientId, nothing is half-stored, and sending works again once there is room', async () => {
    const { agent, conversationId } = await freshClient(app);
    const ws = await agent.ws();
    fillDisk(app);
    try {
      let refused: any;
      const acked: number[] = [];
      for (let i = 0; i < 20 && !refused; i++) {
        ws.send({ type: 'message.send', conversationId, body: body(i), clientId: `full-${i}` });
        const frame = await ws.next(
          (f) => f.clientId === `full-${i}` && (f.type === 'message.ack' || f.type === 'error'),
        );
        if (frame.type === 'error') refused = frame;
        else acked.push(frame.message.id);
      }
      expect(refused).toMatchObject({ type: 'error', code: 'unavailable' });
      expect(refused.clientId).toMatch(/^full-\d+$/);
      // Only the acknowledged messages exist; the refused one left no message and no event.
      const stored = await agent.get(`/api/conversations/${conversationId}/messages`);
      expect(stored.body.items.map((m: any) => m.id)).toEqual(acked);
      expect(stored.body.items.map((m: any) => m.clientId)).not.toContain(refused.clientId);
      // The socket stays usable, and the same send succeeds after recovery, without a restart.
      freeDisk(app);
      ws.send({ type: 'message.send', conversationId, body: 'encore', clientId: refused.clientId });
      const ack = await ws.next((f) => f.type === 'message.ack' && f.clientId === refused.clientId);
      expect(ack.message.body).toBe('encore');
    } finally {
      freeDisk(app);
      await ws.close();
    }
  });

  it('REST answers 503 `unavailable` with Retry-After, then recovers', async () => {
    const { agent, conversationId } = await freshClient(app);
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    fillDisk(app);
    try {
      let res;
      for (let i = 0; i < 20; i++) {
        res = await agent.post(`/api/conversations/${conversationId}/messages`, {
          body: body(i),
          clientId: `rest-${i}`,
        });
        if (res.status !== 201) break;
      }
      expect(res!.status).toBe(503);
      expect(res!.body.error.code).toBe('unavailable');
      expect(Number(res!.headers.get('retry-after'))).toBeGreaterThan(0);
      const news = await advisor.post('/api/news', { title: 'Plein', body: body(0).repeat(2) });
      expect(news.status).toBe(503);
      // Reads still work while writes cannot.
      expect((await agent.get(`/api/conversations/${conversationId}/messages`)).status).toBe(200);
    } finally {
      freeDisk(app);
    }
    const again = await agent.post(`/api/conversations/${conversationId}/messages`, {
      body: 'de la place',
      clientId: 'rest-after',
    });
    expect(again.status).toBe(201);
  });
});
