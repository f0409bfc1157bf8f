import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { TestApp } from '../../test/harness';
import { bankAccounts } from '../db/schema';
import { freshClient, signIn, startAppForFile, uid } from '../chat/test-kit';
import { fundedClient, moveToSavings } from './test-kit';

let app: TestApp;
startAppForFile((a) => (app = a));

describe('staff alerts', () => {
  it('a transfer over 5,000 € and an overdraft reach the client’s advisor and the director live, no one else', async () => {
    const c = await fundedClient(app, 6_000_00);
    const advisor1 = await signIn(app, 'conseiller1@avenir.test');
    const advisor2 = await signIn(app, 'conseiller2@avenir.test');
    const director = await signIn(app, 'directeur@avenir.test');
    const [s1, s2, sd, sc] = await Promise.all(
      [advisor1, advisor2, director, c.agent].map((a) => a.sse()),
    );

    expect((await moveToSavings(c, 5_000_00)).status).toBe(201); // not over 5,000 €
    expect((await moveToSavings(c, 1_000_01)).status).toBe(409); // no overdraft yet
    app.platform.db
      .update(bankAccounts)
      .set({ overdraftLimit: 10_000_00 })
      .where(eq(bankAccounts.id, c.checking.id))
      .run();
    expect((await moveToSavings(c, 5_500_00)).status).toBe(201); // over 5,000 € and overdrawn

    for (const s of [s1, sd]) {
      const large = await s.next(
        (e) =>
          e.event === 'staff.alert' &&
          e.data.alert.kind === 'large_transfer' &&
          e.data.alert.client.id === c.id,
      );
      expect(large.data.alert).toMatchObject({ amountCents: -5_500_00, resolvedAt: null });
      expect(large.data.alert.detail).toMatch(/^Virement de 5 500,00 € émis vers Moi/);
      const over = await s.next(
        (e) =>
          e.event === 'staff.alert' &&
          e.data.alert.kind === 'overdrawn' &&
          e.data.alert.client.id === c.id,
      );
      expect(over.data.alert).toMatchObject({ amountCents: -4_500_00 });
      expect(typeof over.id).toBe('string');
    }
    // The others' streams: a news item published afterwards arrives, with no alert before it.
    const news = await director.post('/api/news', { title: 'Barrière', body: uid() });
    for (const s of [s2, sc]) {
      await s.next((e) => e.event === 'news' && e.data.id === news.body.news.id);
      expect(s.of('staff.alert').filter((e) => e.data.alert.client.id === c.id)).toEqual([]);
    }
    expect(s1.of('staff.alert').filter((e) => e.data.alert.client.id === c.id)).toHaveLength(2);

    // Listed for the advisor and the director, not for the other advisor; handled once.
    const listed = (await advisor1.get('/api/staff/alerts')).body.items.filter(
      (a: any) => a.client.id === c.id,
    );
    expect(listed.map((a: any) => a.kind).sort()).toEqual(['large_transfer', 'overdrawn']);
    const theirs = (await advisor2.get('/api/staff/alerts')).body.items;
    expect(theirs.some((a: any) => a.client.id === c.id)).toBe(false);
    expect((await advisor2.post(`/api/staff/alerts/${listed[0].id}/resolve`)).status).toBe(404);
    expect((await c.agent.get('/api/staff/alerts')).status).toBe(403);
    expect((await advisor1.post(`/api/staff/alerts/${listed[0].id}/resolve`)).status).toBe(204);
    const open = (await director.get('/api/staff/alerts')).body.items;
    expect(open.some((a: any) => a.id === listed[0].id)).toBe(false);
    const every = (await director.get('/api/staff/alerts?status=all')).body.items;
    expect(every.find((a: any) => a.id === listed[0].id).resolvedBy.id).toBe(advisor1.user.id);
    await Promise.all([s1, s2, sd, sc].map((s) => s.close()));
  });

  it('a client message unanswered for 2 hours raises one alert, replayed after Last-Event-ID', async () => {
    const { agent: client, id, conversationId } = await freshClient(app);
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    const stream = await advisor.sse();
    for (const body of ['Ma carte est bloquée', 'Vous êtes là ?'])
      await client.post(`/api/conversations/${conversationId}/messages`, { body, clientId: uid() });
    // Not due yet.
    let mine = (await advisor.get('/api/staff/alerts')).body.items.filter(
      (a: any) => a.client.id === id,
    );
    expect(mine).toEqual([]);
    const advanced = await app.anon().post('/dev/clock', { advanceDays: 1 });
    expect(advanced.status).toBe(200);
    mine = (await advisor.get('/api/staff/alerts')).body.items.filter(
      (a: any) => a.client.id === id,
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'unanswered' });
    const live = await stream.next(
      (e) => e.event === 'staff.alert' && e.data.alert.client.id === id,
    );
    expect(live.data.alert.id).toBe(mine[0].id);
    // A tab that saw everything before it resumes with it; asked again, still one.
    const resumed = await advisor.sse({ 'last-event-id': String(Number(live.id) - 1) });
    const replayed = await resumed.next(
      (e) => e.event === 'staff.alert' && e.data.alert.client.id === id,
    );
    expect(replayed.data.alert.id).toBe(mine[0].id);
    await resumed.close();
    const again = (await advisor.get('/api/staff/alerts?status=all')).body.items.filter(
      (a: any) => a.client.id === id,
    );
    expect(again).toHaveLength(1);
    // Once the advisor answers, the alert is over.
    await advisor.post(`/api/conversations/${conversationId}/messages`, {
      body: 'Je regarde tout de suite.',
      clientId: uid(),
    });
    const open = (await advisor.get('/api/staff/alerts')).body.items;
    expect(open.some((a: any) => a.client.id === id)).toBe(false);
    await stream.close();
  });
});
