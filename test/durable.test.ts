/**
 * The durability rule (Platform.durable, src/hosts/node/wal-sync.ts): an answer that
 * reports a write is sent only after the sync that covers it, a failed sync is
 * answered `unavailable`, and writes that arrive together share syncs. The real
 * WAL sync runs; the test wraps it to hold it, slow it or make it fail.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type Agent, type TestApp, type TestSocket } from './harness';
import { trustPayee } from './sca';

let mode: 'pass' | 'hold' | 'fail' | 'slow' = 'pass';
let held: (() => void)[] = [];
const release = () => {
  mode = 'pass';
  for (const go of held.splice(0)) go();
};

let app: TestApp;
let payer: Agent;
let payee: Agent;
let advisor: Agent;
let from: { id: number };
let toIban: string;
let conversationId: number;

beforeAll(async () => {
  app = await startTestApp(
    {},
    {
      wrapSync: (real) => async () => {
        if (mode === 'fail') throw new Error('EIO: i/o error, fdatasync');
        if (mode === 'hold') await new Promise<void>((go) => held.push(go));
        if (mode === 'slow') await new Promise((r) => setTimeout(r, 30)); // a slow disk, simulated
        await real();
      },
    },
  );
  [payer, payee, advisor] = await Promise.all([
    app.login('client1@avenir.test'),
    app.login('client2@avenir.test'),
    app.login('conseiller1@avenir.test'),
  ]);
  from = (await payer.get('/api/accounts')).body.items[0];
  toIban = (await payee.get('/api/accounts')).body.items[0].iban;
  await trustPayee(payer, toIban);
  conversationId = (await payer.get('/api/conversations')).body.items[0].id;
}, 60_000);
afterAll(async () => {
  release();
  await app?.stop();
});

const transfer = (key: string) =>
  payer.post(
    '/api/transfers',
    { fromAccountId: from.id, toIban, amountCents: 123, beneficiaryName: 'Marie' },
    { 'idempotency-key': key },
  );
const payeeBalance = async () => (await payee.get('/api/accounts')).body.items[0].balanceCents;
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(ok()).toBe(true);
};

async function sockets(): Promise<[TestSocket, TestSocket]> {
  return Promise.all([payer.ws(), advisor.ws()]);
}

it('answers a transfer only once its sync completed (others already see the commit)', async () => {
  const before = await payeeBalance();
  mode = 'hold';
  let answered = false;
  const pending = transfer('held-1').then((res) => ((answered = true), res));
  await until(() => held.length > 0); // committed, its sync held open
  expect(await payeeBalance()).toBe(before + 123); // visible to every reader at commit
  // A positive sign first: two requests the server read after that commit were answered, so an
  // answer not held for the sync (written at commit, before them) would have arrived already.
  await payeeBalance();
  expect(answered).toBe(false);
  release();
  expect((await pending).status).toBe(201);
});

it('acks a chat message only after its sync; the other member gets it at commit', async () => {
  const [mine, theirs] = await sockets();
  mode = 'hold';
  mine.send({ type: 'message.send', conversationId, body: 'tenu', clientId: 'held-ws-1' });
  const delivered = await theirs.next((f) => f.type === 'message.new');
  await until(() => held.length > 0);
  // A positive sign first: a request the server read after the commit was answered, so an ack
  // not held for the sync (written at commit, before it) would have arrived already.
  await payeeBalance();
  expect(mine.of('message.ack')).toEqual([]);
  release();
  const ack = await mine.next((f) => f.type === 'message.ack');
  expect(ack.message).toEqual(delivered.message);
  mine.ws.close();
  theirs.ws.close();
});

it('stores and delivers a socket’s next message while the sync of its previous one runs; acks follow in order', async () => {
  const [mine, theirs] = await sockets();
  mode = 'hold';
  mine.send({ type: 'message.send', conversationId, body: 'un', clientId: 'pipe-1' });
  await theirs.next((f) => f.type === 'message.new' && f.message.clientId === 'pipe-1');
  await until(() => held.length > 0); // the first message's sync is held open
  // Before: the socket handled its next frame only once the previous ack was sent (after the sync).
  mine.send({ type: 'message.send', conversationId, body: 'deux', clientId: 'pipe-2' });
  await theirs.next((f) => f.type === 'message.new' && f.message.clientId === 'pipe-2');
  expect(mine.of('message.ack')).toEqual([]);
  release();
  await mine.next((f) => f.type === 'message.ack' && f.clientId === 'pipe-2');
  expect(mine.of('message.ack').map((f) => f.clientId)).toEqual(['pipe-1', 'pipe-2']);
  mine.ws.close();
  theirs.ws.close();
});

it('answers 503 unavailable when the sync fails, and a retry with the same key lands once', async () => {
  mode = 'fail';
  const failed = await transfer('fail-1');
  expect(failed.status).toBe(503);
  expect(failed.body.error.code).toBe('unavailable');
  expect(failed.headers.get('retry-after')).toBeTruthy();
  const [mine] = await sockets();
  mine.send({ type: 'message.send', conversationId, body: 'perdu ?', clientId: 'fail-ws-1' });
  const error = await mine.next((f) => f.type === 'error');
  expect(error).toMatchObject({ code: 'unavailable', clientId: 'fail-ws-1' });
  mode = 'pass';
  // The commit did happen; retries are answered from it, not stored twice.
  const again = await transfer('fail-1');
  expect(again.status).toBe(201);
  expect((await transfer('fail-1')).body.transfer.id).toBe(again.body.transfer.id);
  mine.send({ type: 'message.send', conversationId, body: 'perdu ?', clientId: 'fail-ws-1' });
  expect((await mine.next((f) => f.type === 'message.ack')).clientId).toBe('fail-ws-1');
  mine.ws.close();
});

it('lets many concurrent writes share few syncs', async () => {
  mode = 'slow'; // 30 ms per sync: the writes arriving meanwhile wait for the next one together
  const before = app.syncs();
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      payer.post(`/api/conversations/${conversationId}/messages`, {
        body: `lot ${i}`,
        clientId: `batch-${i}`,
      }),
    ),
  );
  mode = 'pass';
  expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
  const syncs = app.syncs() - before;
  expect(syncs).toBeGreaterThan(0);
  expect(syncs).toBeLessThan(10);
});
