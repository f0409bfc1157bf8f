import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/harness';
import { notifications, users } from '../db/schema';
import { isSafeLink } from './link';

let app: TestApp;
const APP_URL = 'https://avenir.test';
beforeAll(async () => {
  app = await startTestApp({ APP_URL }); // https, so links on its origin are allowed
});
afterAll(() => app?.stop());

const idOf = (email: string) =>
  app.platform.db.select().from(users).where(eq(users.email, email)).get()!.id;
const stored = () => app.platform.db.select().from(notifications).all().length;
const valid = (recipientId: number, extra: object = {}) => ({
  recipientId,
  kind: 'info',
  title: 'Bonjour',
  body: 'Un message.',
  ...extra,
});

describe('POST /api/notifications', () => {
  it('lets an advisor notify their own client: 201 {notification}, listed for the recipient', async () => {
    const advisor = await app.login('conseiller1@avenir.test');
    const client = await app.login('client2@avenir.test');
    const res = await advisor.post(
      '/api/notifications',
      valid(client.user.id, { kind: 'document', title: ' Relevé ', link: '/comptes' }),
    );
    expect(res.status).toBe(201);
    expect(res.body.notification).toEqual({
      id: expect.any(Number),
      kind: 'document',
      title: 'Relevé',
      body: 'Un message.',
      link: '/comptes',
      sender: {
        id: advisor.user.id,
        firstName: 'Julien',
        lastName: 'Fabre',
        role: 'advisor',
      },
      createdAt: expect.any(String),
      readAt: null,
    });
    const list = await client.get('/api/notifications');
    expect(list.body.items[0]).toEqual(res.body.notification);
  });

  it('403 for another advisor’s client and for clients; the director may notify any client', async () => {
    const advisor = await app.login('conseiller1@avenir.test');
    const director = await app.login('directeur@avenir.test');
    const client = await app.login('client1@avenir.test');
    const before = stored();
    const other = await advisor.post('/api/notifications', valid(idOf('client4@avenir.test')));
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('forbidden');
    const fromClient = await client.post('/api/notifications', valid(idOf('client2@avenir.test')));
    expect(fromClient.status).toBe(403);
    expect(stored()).toBe(before);
    expect(
      (await director.post('/api/notifications', valid(idOf('client4@avenir.test')))).status,
    ).toBe(201);
    expect(
      (
        await director.post(
          '/api/notifications',
          valid(idOf('client1@avenir.test'), { kind: 'offer' }),
        )
      ).status,
    ).toBe(201);
    expect(
      (await app.anon().post('/api/notifications', valid(idOf('client1@avenir.test')))).status,
    ).toBe(401);
  });

  it('404 when the recipient is unknown or not a client', async () => {
    const director = await app.login('directeur@avenir.test');
    const before = stored();
    for (const id of [999_999, idOf('conseiller1@avenir.test'), idOf('directeur@avenir.test')]) {
      const res = await director.post('/api/notifications', valid(id));
      expect(res.status, String(id)).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect(stored()).toBe(before);
  });

  it('validates kind, title (1–120), body (1–2000), link and types', async () => {
    const advisor = await app.login('conseiller1@avenir.test');
    const to = idOf('client3@avenir.test');
    const before = stored();
    const cases: [object, string][] = [
      [{ kind: 'spam' }, 'kind'],
      [{ title: '' }, 'title'],
      [{ title: 't'.repeat(121) }, 'title'],
      [{ body: '  ' }, 'body'],
      [{ body: 'b'.repeat(2001) }, 'body'],
      [{ recipientId: 'abc' }, 'recipientId'],
      [{ recipientId: 1.5 }, 'recipientId'],
      [{ recipientId: -1 }, 'recipientId'],
      [{ link: 'http://example.com' }, 'link'],
      [{ link: '//evil.com/x' }, 'link'],
      [{ link: '/\\evil.com' }, 'link'],
      [{ link: 'javascript:alert(1)' }, 'link'],
      [{ link: 'https://user:pw@example.com/' }, 'link'],
      [{ link: 'comptes' }, 'link'],
      [{ link: 42 }, 'link'],
      // Look-alikes of APP_URL and foreign hosts.
      [{ link: 'https://avenir.test.evil.com/offres' }, 'link'],
      [{ link: 'https://avenir.test@evil.com/' }, 'link'],
      [{ link: 'https://evil.com/?https://avenir.test' }, 'link'],
      [{ link: 'https://www.avenir.test/offres' }, 'link'],
      [{ link: 'https://avenir.test:8443/offres' }, 'link'],
      [{ link: 'http://avenir.test/offres' }, 'link'],
      [{ link: 'data:text/html,<script>alert(1)</script>' }, 'link'],
      [{ link: 'https:/evil.com' }, 'link'],
    ];
    for (const [extra, field] of cases) {
      const res = await advisor.post('/api/notifications', valid(to, extra));
      expect(res.status, JSON.stringify(extra).slice(0, 60)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.fields, JSON.stringify(extra).slice(0, 60)).toHaveProperty(field);
    }
    expect((await advisor.post('/api/notifications', '[')).status).toBe(400);
    expect(stored()).toBe(before);
    for (const link of ['https://avenir.test/offres?x=1', 'HTTPS://AVENIR.TEST/', '/', null, '']) {
      const res = await advisor.post('/api/notifications', valid(to, { link }));
      expect(res.status, String(link)).toBe(201);
      expect(res.body.notification.link).toBe(link || null);
    }
  });
});

describe('reading notifications', () => {
  it('lists only one’s own, newest first, with unreadCount and paging', async () => {
    const advisor = await app.login('conseiller2@avenir.test');
    const client = await app.login('client5@avenir.test');
    const neighbour = await app.login('client6@avenir.test');
    const a = (await advisor.post('/api/notifications', valid(client.user.id, { title: 'A' }))).body
      .notification;
    const b = (await advisor.post('/api/notifications', valid(client.user.id, { title: 'B' }))).body
      .notification;
    const mine = await client.get('/api/notifications');
    expect(mine.body.items.slice(0, 2).map((n: any) => n.id)).toEqual([b.id, a.id]);
    expect(mine.body.unreadCount).toBe(
      mine.body.items.filter((n: any) => n.readAt === null).length,
    );
    const theirs = await neighbour.get('/api/notifications');
    expect(theirs.body.items.map((n: any) => n.id)).not.toContain(a.id);
    const page = await client.get(`/api/notifications?limit=1&before=${b.id}`);
    expect(page.body.items.map((n: any) => n.id)).toEqual([a.id]);
    expect(page.body.hasMore).toBe(true);
    expect((await client.get('/api/notifications?limit=500')).status).toBe(400);
    expect((await app.anon().get('/api/notifications')).status).toBe(401);
  });

  it('marks one read (204; someone else’s or unknown → 404) and all read', async () => {
    const advisor = await app.login('conseiller2@avenir.test');
    const client = await app.login('client4@avenir.test');
    const neighbour = await app.login('client6@avenir.test');
    const n = (await advisor.post('/api/notifications', valid(client.user.id))).body.notification;
    const unread = async () => (await client.get('/api/notifications')).body.unreadCount;
    const start = await unread();
    expect(start).toBeGreaterThan(0);

    expect((await neighbour.post(`/api/notifications/${n.id}/read`)).status).toBe(404);
    expect((await client.post('/api/notifications/999999/read')).status).toBe(404);
    expect((await client.post('/api/notifications/abc/read')).status).toBe(400);
    expect(await unread()).toBe(start);

    expect((await client.post(`/api/notifications/${n.id}/read`)).status).toBe(204);
    expect(await unread()).toBe(start - 1);
    const item = (await client.get('/api/notifications')).body.items.find(
      (x: any) => x.id === n.id,
    );
    expect(item.readAt).toEqual(expect.any(String));
    expect((await client.post(`/api/notifications/${n.id}/read`)).status).toBe(204);

    expect((await client.post('/api/notifications/read-all')).status).toBe(204);
    expect(await unread()).toBe(0);
    expect((await neighbour.get('/api/notifications')).body.unreadCount).toBeGreaterThan(0);
    expect(
      (await client.post('/api/notifications/read-all', {}, { origin: 'https://evil.test' }))
        .status,
    ).toBe(403);
  });

  it('gives staff the list of what they sent, with each recipient', async () => {
    const advisor = await app.login('conseiller1@avenir.test');
    const other = await app.login('conseiller2@avenir.test');
    const sent = (
      await advisor.post(
        '/api/notifications',
        valid(idOf('client1@avenir.test'), { title: 'Envoyé' }),
      )
    ).body.notification;
    const list = await advisor.get('/api/notifications/sent?limit=5');
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toEqual({
      id: sent.id,
      kind: 'info',
      title: 'Envoyé',
      body: 'Un message.',
      link: null,
      recipient: {
        id: idOf('client1@avenir.test'),
        firstName: expect.any(String),
        lastName: expect.any(String),
        role: 'client',
      },
      createdAt: sent.createdAt,
      readAt: null,
    });
    expect(
      (await other.get('/api/notifications/sent')).body.items.map((n: any) => n.id),
    ).not.toContain(sent.id);
    const client = await app.login('client1@avenir.test');
    expect((await client.get('/api/notifications/sent')).status).toBe(403);
  });
});

describe('isSafeLink', () => {
  it('accepts our paths and https URLs on the app’s origin only', () => {
    for (const ok of [
      '/',
      '/comptes',
      '/a?b=c#d',
      'https://avenir.test',
      'https://avenir.test/x?y#z',
    ])
      expect(isSafeLink(ok, APP_URL), ok).toBe(true);
    for (const bad of [
      '//x.com',
      '/\\x.com',
      '\\\\x.com',
      'http://avenir.test/x',
      'https://example.com',
      'https://avenir.test.evil.com',
      'https://avenir.test@evil.com',
      'https://evil.com#https://avenir.test',
      'data:text/html,x',
      'javascript:x',
      ' /x',
      '/x y',
      '/x\n',
      '/x\u202e',
      'https://u@avenir.test',
      'x'.repeat(10),
    ])
      expect(isSafeLink(bad, APP_URL), bad).toBe(false);
    // An http app accepts paths only.
    expect(isSafeLink('/x', 'http://localhost:3000')).toBe(true);
    expect(isSafeLink('http://localhost:3000/x', 'http://localhost:3000')).toBe(false);
  });
});
