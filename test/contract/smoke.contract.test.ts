import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWorkerHost, type WorkerHost } from '../worker-host';

let app: WorkerHost;
beforeAll(async () => {
  app = await startWorkerHost();
}, 120_000);
afterAll(() => app?.stop());

it('smoke', async () => {
  const c = await app.login('client1@avenir.test');
  console.log((await c.get('/api/accounts')).body);
  const ws = await c.ws();
  console.log(ws.ready);
  const conv = ws.ready.conversationIds[0];
  ws.send({ type: 'message.send', conversationId: conv, body: 'Bonjour', clientId: 'x1' });
  console.log(await ws.next((f) => f.type === 'message.ack'));
  const sse = await c.sse();
  const adv = await app.login('conseiller1@avenir.test');
  const n = await adv.post('/api/news', { title: 'T', body: 'B' });
  console.log(n.status);
  console.log(await sse.next((e) => e.event === 'news'));
  await c.post('/api/auth/logout');
  console.log(await ws.closed);
  await sse.ended;
});
