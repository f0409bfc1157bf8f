import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/harness';
import { freshClient, signIn, startAppForFile, uid } from '../chat/test-kit';

import { fundedClient } from './test-kit';

let app: TestApp;
startAppForFile((a) => (app = a));

describe('the advisor’s client file', () => {
  it('is for the client’s advisor and the director only: 404 to another advisor and to clients', async () => {
    const { agent: client, id } = await freshClient(app);
    const advisor1 = await signIn(app, 'conseiller1@avenir.test');
    const advisor2 = await signIn(app, 'conseiller2@avenir.test');
    const director = await signIn(app, 'directeur@avenir.test');

    const file = await advisor1.get(`/api/clients/${id}`);
    expect(file.status).toBe(200);
    expect(file.body.client).toMatchObject({ id, balanceCents: 0, lastContactAt: null });
    expect((await director.get(`/api/clients/${id}`)).status).toBe(200);

    const note = await advisor1.post(`/api/clients/${id}/notes`, {
      body: '  Appelé le 3 : carte bloquée, opposition faite.  ',
    });
    expect(note.status).toBe(201);
    expect(note.body.note).toMatchObject({
      body: 'Appelé le 3 : carte bloquée, opposition faite.',
      author: { id: advisor1.user.id, role: 'advisor' },
    });
    const byDirector = await director.post(`/api/clients/${id}/notes`, { body: 'Vu.' });
    expect(byDirector.status).toBe(201);
    const notes = await advisor1.get(`/api/clients/${id}/notes`);
    expect(notes.body.items.map((n: any) => n.body)).toEqual([
      'Vu.',
      'Appelé le 3 : carte bloquée, opposition faite.',
    ]);

    const paths = ['', '/notes', '/orders', '/notifications', '/accounts', '/transfers/scheduled'];
    for (const path of paths) {
      expect((await advisor2.get(`/api/clients/${id}${path}`)).status).toBe(404);
      expect((await client.get(`/api/clients/${id}${path}`)).status).toBe(404);
    }
    expect((await advisor2.post(`/api/clients/${id}/notes`, { body: 'x' })).status).toBe(404);
    expect((await client.post(`/api/clients/${id}/notes`, { body: 'x' })).status).toBe(404);
    expect((await app.anon().get(`/api/clients/${id}/notes`)).status).toBe(401);
    // Nothing the client reads carries the notes.
    const seen = JSON.stringify([
      (await client.get('/api/me')).body,
      (await client.get('/api/notifications')).body,
      (await client.get('/api/conversations')).body,
    ]);
    expect(seen).not.toContain('opposition faite');
  });

  it('shows a client’s scheduled transfers to their advisor (fixture: client1’s monthly « Loyer »)', async () => {
    const advisor1 = await signIn(app, 'conseiller1@avenir.test');
    const client1 = await signIn(app, 'client1@avenir.test');
    const res = await advisor1.get(`/api/clients/${client1.user.id}/transfers/scheduled`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: any) => s.label)).toContain('Loyer');
    const advisor2 = await signIn(app, 'conseiller2@avenir.test');
    expect((await advisor2.get(`/api/clients/${client1.user.id}/transfers/scheduled`)).status).toBe(
      404,
    );
  });

  it('validates notes and limits how many one writes', async () => {
    const { id } = await freshClient(app);
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    for (const body of ['', '   ', 'a\u202Eb', 'x'.repeat(2001), 42]) {
      const res = await advisor.post(`/api/clients/${id}/notes`, { body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.fields).toHaveProperty('body');
    }
    expect((await advisor.get(`/api/clients/${id}/notes`)).body.items).toEqual([]);
    const other = await signIn(app, 'conseiller2@avenir.test');
    const { id: theirs } = await freshClient(app, 'conseiller2@avenir.test');
    const sent = [];
    for (let i = 0; i < 31; i++)
      sent.push((await other.post(`/api/clients/${theirs}/notes`, { body: `n${i}` })).status);
    expect(sent.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(sent[30]).toBe(429);
    const kept = await other.get(`/api/clients/${theirs}/notes?limit=100`);
    expect(kept.body.items).toHaveLength(30);
  });

  it('serves the account’s CSV to staff in the client’s format', async () => {
    const c = await fundedClient(app, 12_345);
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    const own = await c.agent.get(`/api/accounts/${c.checking.id}/operations.csv`);
    const staff = await advisor.get(
      `/api/clients/${c.id}/accounts/${c.checking.id}/operations.csv`,
    );
    expect(staff.status).toBe(200);
    expect(staff.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(staff.text).toBe(own.text);
    const other = await signIn(app, 'conseiller2@avenir.test');
    expect(
      (await other.get(`/api/clients/${c.id}/accounts/${c.checking.id}/operations.csv`)).status,
    ).toBe(404);
  });
});

describe('the staff list', () => {
  it('searches by name, e-mail or IBAN, sorts by balance, pages; the old call is unchanged', async () => {
    const director = await signIn(app, 'directeur@avenir.test');
    const all = await director.get('/api/clients');
    expect(all.status).toBe(200);
    expect(all.body).not.toHaveProperty('total');
    expect(all.body.items[0]).not.toHaveProperty('balanceCents');
    const figures = await director.get('/api/clients?sort=name');
    expect(figures.body.items.length).toBe(figures.body.total);
    expect(figures.body.items[0]).toHaveProperty('balanceCents');

    const rich = await fundedClient(app, 7_777_00, 'conseiller2@avenir.test');
    const me = (await rich.agent.get('/api/me')).body.user;
    const byEmail = await director.get(`/api/clients?q=${encodeURIComponent(me.email)}`);
    expect(byEmail.body.items.map((c: any) => c.id)).toEqual([rich.id]);
    const iban = rich.checking.iban.slice(-11).toLowerCase();
    const byIban = await director.get(`/api/clients?q=${iban}`);
    expect(byIban.body.items.map((c: any) => c.id)).toEqual([rich.id]);
    const byName = await director.get(`/api/clients?q=${encodeURIComponent(me.lastName)}`);
    expect(byName.body.items.map((c: any) => c.id)).toContain(rich.id);

    const sorted = (await director.get('/api/clients?sort=balance&order=desc')).body.items;
    const balances = sorted.map((c: any) => c.balanceCents);
    expect(balances).toEqual([...balances].sort((a, b) => b - a));
    const p1 = await director.get('/api/clients?sort=balance&order=desc&limit=2');
    const p2 = await director.get('/api/clients?sort=balance&order=desc&limit=2&offset=2');
    expect([...p1.body.items, ...p2.body.items].map((c: any) => c.id)).toEqual(
      sorted.slice(0, 4).map((c: any) => c.id),
    );
    expect(p1.body.total).toBe(sorted.length);

    // An advisor searches their own clients only.
    const advisor1 = await signIn(app, 'conseiller1@avenir.test');
    expect((await advisor1.get(`/api/clients?q=${iban}`)).body).toEqual({ items: [], total: 0 });
    for (const bad of ['limit=0', 'limit=101', 'sort=iban', 'offset=-1', 'order=up'])
      expect((await director.get(`/api/clients?${bad}`)).status).toBe(400);
  });

  it('shows the director each advisor’s workload', async () => {
    const director = await signIn(app, 'directeur@avenir.test');
    const { agent, conversationId } = await freshClient(app, 'conseiller2@avenir.test');
    const before = (await director.get('/api/staff/workload')).body.items;
    const row = (items: any[]) =>
      items.find((r: any) => r.advisor.lastName && r.advisor.id === adv2.id);
    const adv2 = (await signIn(app, 'conseiller2@avenir.test')).user;
    await agent.post(`/api/conversations/${conversationId}/messages`, {
      body: 'Bonjour ?',
      clientId: uid(),
    });
    const after = (await director.get('/api/staff/workload')).body.items;
    expect(row(after).clients).toBe(row(before).clients);
    expect(row(after).unansweredConversations).toBe(row(before).unansweredConversations + 1);
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    expect((await advisor.get('/api/staff/workload')).status).toBe(403);
  });
});
