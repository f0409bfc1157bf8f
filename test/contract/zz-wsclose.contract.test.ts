import { it } from 'vitest';
import { startWorkerHost } from '../worker-host';
it('times', async () => {
  const host = await startWorkerHost();
  try {
    const a = await host.login('client1@avenir.test');
    for (const code of [undefined, 1000, 4000]) {
      const ws = await a.ws();
      const t = Date.now();
      (ws.ws as any).close(code);
      const c = await ws.closed;
      console.log('close', code, '->', c, Date.now() - t, 'ms');
    }
    for (let round = 0; round < 2; round++) {
    const b = await host.login('client2@avenir.test');
    const s = await b.ws();
    const raw = s.ws as any;
    const t = Date.now();
    let closing = 0, endAt = 0, rawCloseFrame = 0;
    raw._socket.on('end', () => (endAt = Date.now() - t));
    raw._receiver.on('conclude', () => (rawCloseFrame = Date.now() - t));
    const poll = setInterval(() => { if (!closing && raw.readyState >= 2) closing = Date.now() - t; }, 5);
    if (round === 0) await b.post('/api/auth/logout'); else { raw.terminate(); }
    console.log('server close', round, await s.closed, Date.now() - t, { closing, endAt, rawCloseFrame });
    clearInterval(poll);
    }
  } finally { await host.stop(); }
}, 200_000);
