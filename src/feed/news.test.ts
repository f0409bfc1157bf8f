import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness';
import { news } from '../db/schema';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.stop());

const count = () => app.platform.db.select().from(news).all().length;

describe('GET /api/news', () => {
  it('lists newest first with the author summary, paged with before and hasMore', async () => {
    const client = await app.login('client1@avenir.test');
    const all = await client.get('/api/news');
    expect(all.status).toBe(200);
    const ids = all.body.items.map((n: any) => n.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(all.body.items[0]).toEqual({
      id: expect.any(Number),
      title: expect.any(String),
      body: expect.any(String),
      author: {
        id: expect.any(Number),
        firstName: expect.any(String),
        lastName: expect.any(String),
        role: expect.stringMatching(/^(advisor|director)$/),
      },
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
    const page1 = await client.get('/api/news?limit=2');
    expect(page1.body.items.map((n: any) => n.id)).toEqual(ids.slice(0, 2));
    expect(page1.body.hasMore).toBe(true);
    const page2 = await client.get(`/api/news?limit=2&before=${ids[1]}`);
    expect(page2.body.items.map((n: any) => n.id)).toEqual(ids.slice(2, 4));
    const last = await client.get(`/api/news?before=${ids[ids.length - 1]}`);
    expect(last.body).toEqual({ items: [], hasMore: false });
  });

  it('needs a session and a sane query', async () => {
    expect((await app.anon().get('/api/news')).status).toBe(401);
    const client = await app.login('client2@avenir.test');
    for (const q of [
      'limit=0',
      'limit=101',
      'limit=abc',
      'before=0',
      'before=-3',
      'before=x',
      'limit=1.5',
    ]) {
      const res = await client.get(`/api/news?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code, q).toBe('validation_failed');
    }
  });
});

describe('POST /api/news', () => {
  it('lets an advisor and the director publish (201 {news}), trimmed, first in the list', async () => {
    for (const email of ['conseiller2@avenir.test', 'directeur@avenir.test']) {
      const staff = await app.login(email);
      const res = await staff.post('/api/news', {
        title: '  Horaires d’été  ',
        body: 'Agences ouvertes de 9 h à 17 h.',
      });
      expect(res.status).toBe(201);
      expect(res.body.news).toMatchObject({
        title: 'Horaires d’été',
        body: 'Agences ouvertes de 9 h à 17 h.',
        author: { id: staff.user.id },
      });
      expect(res.body.news.author).not.toHaveProperty('email');
      const list = await staff.get('/api/news?limit=1');
      expect(list.body.items[0]).toEqual(res.body.news);
    }
  });

  it('refuses clients with 403 and stores nothing', async () => {
    const client = await app.login('client3@avenir.test');
    const before = count();
    const res = await client.post('/api/news', { title: 'Pirate', body: 'Non' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(count()).toBe(before);
    expect((await app.anon().post('/api/news', { title: 'x', body: 'y' })).status).toBe(401);
  });

  it('validates title (1–200) and body (1–10000) and refuses bad JSON and forged origins', async () => {
    const advisor = await app.login('conseiller1@avenir.test');
    const before = count();
    const cases: [unknown, string][] = [
      [{ title: '', body: 'x' }, 'title'],
      [{ title: '   ', body: 'x' }, 'title'],
      [{ title: 'a'.repeat(201), body: 'x' }, 'title'],
      [{ title: 'ok', body: '' }, 'body'],
      [{ title: 'ok', body: 'b'.repeat(10_001) }, 'body'],
      [{ title: 42, body: 'x' }, 'title'],
      [{ body: 'x' }, 'title'],
      [{ title: 'ok' }, 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await advisor.post('/api/news', body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.fields).toHaveProperty(field);
    }
    const malformed = await advisor.post('/api/news', '{"title":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('validation_failed');
    const forged = await advisor.post(
      '/api/news',
      { title: 'ok', body: 'ok' },
      { origin: 'https://evil.test' },
    );
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('forbidden_origin');
    expect(
      (await advisor.post('/api/news', { title: 't'.repeat(200), body: 'b'.repeat(10_000) }))
        .status,
    ).toBe(201);
    expect(count()).toBe(before + 1);
  });
});
