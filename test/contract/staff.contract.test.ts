// Issue 23's staff routes from the outside, on whichever host AVENIR_HOST names: the client
// file and its notes are the advisor's and the director's only, the list searches, and a
// transfer over 5,000 € reaches the client's advisor live over SSE, no other advisor.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startContractHost, type ContractHost } from './host';

let app: ContractHost;
beforeAll(async () => {
  app = await startContractHost();
}, 180_000);
afterAll(() => app?.stop());

it('keeps the client file to their advisor and the director, and alerts them live', async () => {
  const [client, advisor1, advisor2, director] = await Promise.all([
    app.login('client3@avenir.test'),
    app.login('conseiller1@avenir.test'),
    app.login('conseiller2@avenir.test'),
    app.login('directeur@avenir.test'),
  ]);
  const id = client.user.id;
  const note = await advisor1.post(`/api/clients/${id}/notes`, { body: 'Rappeler lundi.' });
  expect(note.status).toBe(201);
  for (const who of [advisor2, client]) {
    expect((await who.get(`/api/clients/${id}`)).status).toBe(404);
    expect((await who.get(`/api/clients/${id}/notes`)).status).toBe(404);
  }
  const notes = (await director.get(`/api/clients/${id}/notes`)).body.items;
  expect(notes.map((n: any) => n.body)).toEqual(['Rappeler lundi.']);
  const found = await director.get('/api/clients?q=client3%40avenir&limit=5');
  expect(found.body).toMatchObject({ total: 1, items: [{ id }] });

  const accounts = (await client.get('/api/accounts')).body.items;
  const checking = accounts.find((a: any) => a.type === 'checking');
  const livret = await client.post('/api/accounts', { type: 'savings', label: 'Réserve' });
  expect(livret.status).toBe(201);
  const [s1, s2] = await Promise.all([advisor1.sse(), advisor2.sse()]);
  await client.post('/dev/deposit', { accountId: checking.id, amountCents: 9_000_00 });
  const sent = await client.post(
    '/api/transfers',
    {
      fromAccountId: checking.id,
      toIban: livret.body.account.iban,
      amountCents: 6_000_00,
      beneficiaryName: 'Moi',
      label: 'Réserve',
    },
    { 'idempotency-key': `staff-contract-${Date.now()}` },
  );
  expect(sent.status).toBe(201);
  const alert = await s1.next(
    (e) => e.event === 'staff.alert' && e.data.alert.client.id === id,
    10_000,
  );
  expect(alert.data.alert).toMatchObject({ kind: 'large_transfer', amountCents: -6_000_00 });
  const news = await director.post('/api/news', { title: 'Barrière', body: 'staff contract' });
  await s2.next((e) => e.event === 'news' && e.data.id === news.body.news.id, 10_000);
  expect(s2.of('staff.alert').filter((e) => e.data.alert.client.id === id)).toEqual([]);
  await Promise.all([s1.close(), s2.close()]);
});
