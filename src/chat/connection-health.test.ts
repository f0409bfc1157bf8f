import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/harness';
import { sessions } from '../db/schema';
import { topics } from '../realtime/hub';
import { SOCKET_CLOSE_SESSION_ENDED } from '../realtime/protocol';
import { HEARTBEAT_MS } from './socket';
import { freshClient, signIn, sync } from './test-kit';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.stop());
afterEach(() => {
  vi.useRealTimers();
});

/** Only the heartbeat's interval is faked; timeouts, I/O and the harness run on real time. */
const fakeHeartbeat = () => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });

/** A socket that never answers protocol pings (like a tab frozen or a network gone silent). */
function openDeaf(cookie: string) {
  const ws = new WebSocket(app.url.replace(/^http/, 'ws') + '/api/ws', {
    headers: { cookie, origin: app.origin },
    autoPong: false,
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve());
    ws.once('error', reject);
  });
  return { ws, closed, ready };
}

describe('heartbeat', () => {
  it('drops a socket that stops answering pings, clears its presence, and keeps the ones that answer', async () => {
    fakeHeartbeat();
    const { agent: deafUser } = await freshClient(app);
    const { agent: alive } = await freshClient(app);
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    const staff = await advisor.ws();
    const deaf = openDeaf(deafUser.cookie);
    await deaf.ready;
    const good = await alive.ws();
    await staff.next((f) => f.type === 'presence' && f.userId === deafUser.user.id && f.online);

    const beat = async () => {
      vi.advanceTimersByTime(HEARTBEAT_MS);
      // Twice: the first round trip proves the ping reached the client, the second that its pong reached us.
      for (const s of [good, staff]) {
        await sync(s);
        await sync(s);
      }
    };
    await beat();
    expect(deaf.ws.readyState).toBe(WebSocket.OPEN);
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect(await deaf.closed).toBe(1006); // terminated, no close handshake
    expect(
      await staff.next((f) => f.type === 'presence' && f.userId === deafUser.user.id && !f.online),
    ).toBeTruthy();
    await sync(good);
    await sync(staff);
    expect(good.ws.readyState).toBe(WebSocket.OPEN);
    await Promise.all([good.close(), staff.close()]);
  });

  it('closes the sockets of a session that expired, at the next heartbeat', async () => {
    fakeHeartbeat();
    const { agent, id } = await freshClient(app);
    const sock = await agent.ws();
    app.platform.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, id))
      .run();
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect((await sock.closed).code).toBe(SOCKET_CLOSE_SESSION_ENDED);
  });
});

describe('slow consumers', () => {
  it('closes a socket that does not read instead of buffering without bound', async () => {
    const { agent, id } = await freshClient(app);
    const sock = await agent.ws();
    sock.ws.pause(); // the client stops reading; the kernel buffers fill, then the server's
    const json = JSON.stringify({ type: 'typing', pad: 'x'.repeat(64 * 1024) });
    let published = 0;
    const open = () => app.platform.hub.listenerCount(topics.sockets(id)) > 0;
    // A flood as many busy conversations would cause, straight into the user's topic.
    while (open() && published < 2000) {
      app.platform.hub.publish(topics.sockets(id), { type: 'typing', json });
      published++;
      if (published % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    sock.ws.resume();
    expect((await sock.closed).code).toBe(1006);
    expect(published).toBeLessThan(2000); // dropped well before 128 MiB were queued
  });
});
