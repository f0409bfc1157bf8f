import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/harness';
import { freshClient, messagesOf, signIn, startAppForFile, uid } from '../chat/test-kit';

let app: TestApp;
startAppForFile((a) => (app = a));

describe('staff tools', () => {
  it('GET /api/clients says whether each client confirmed their e-mail', async () => {
    const director = await signIn(app, 'directeur@avenir.test');
    const items = (await director.get('/api/clients')).body.items;
    const byEmail = (e: string) => items.find((c: any) => c.email === e);
    expect(byEmail('pending@avenir.test').emailVerified).toBe(false);
    expect(byEmail('client1@avenir.test').emailVerified).toBe(true);
  });

  it('staff titles carry a grammatical gender, outside the four-field summaries', async () => {
    const client = await signIn(app, 'client4@avenir.test');
    const advisor = (await client.get('/api/me')).body.user.advisor;
    expect(advisor).not.toHaveProperty('gender');
    const titles = (await client.get('/api/titles')).body.items;
    expect(titles).toContainEqual({ id: advisor.id, gender: 'feminine' });
  });

  it('the director reads every client conversation, read-only; nobody else may', async () => {
    const { agent: client, conversationId } = await freshClient(app);
    const said = await client.post(`/api/conversations/${conversationId}/messages`, {
      body: 'Bonjour, une question sur ma carte.',
      clientId: uid(),
    });
    expect(said.status).toBe(201);
    const director = await signIn(app, 'directeur@avenir.test');
    const list = await director.get('/api/conversations/supervision');
    expect(list.status).toBe(200);
    const conv = list.body.items.find((c: any) => c.id === conversationId);
    expect(conv).toMatchObject({ kind: 'private', unreadCount: 0 });
    expect(conv.lastMessage.id).toBe(said.body.message.id);
    expect(list.body.items.every((c: any) => c.kind === 'private')).toBe(true);

    const page = await messagesOf(director, conversationId);
    expect(page.status).toBe(200);
    expect(page.body.items.map((m: any) => m.body)).toEqual([
      'Bonjour, une question sur ma carte.',
    ]);
    // Writing and read markers stay members-only.
    const write = await director.post(`/api/conversations/${conversationId}/messages`, {
      body: 'Je m’invite',
      clientId: uid(),
    });
    expect(write.status).toBe(404);
    expect(
      (
        await director.post(`/api/conversations/${conversationId}/read`, {
          messageId: said.body.message.id,
        })
      ).status,
    ).toBe(404);
    // Supervision is the director's alone.
    for (const email of ['conseiller2@avenir.test', 'client2@avenir.test']) {
      const other = await signIn(app, email);
      expect((await other.get('/api/conversations/supervision')).status).toBe(403);
      expect((await messagesOf(other, conversationId)).status).toBe(404);
    }
  });

  it('the sender hears, on their own stream, that the recipient read the notification', async () => {
    const { agent: client, id } = await freshClient(app);
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    const stream = await advisor.sse();
    const send = (title: string) =>
      advisor.post('/api/notifications', { recipientId: id, kind: 'info', title, body: 'Texte' });
    const a = (await send('Premier')).body.notification;
    const b = (await send('Second')).body.notification;
    expect((await client.post(`/api/notifications/${a.id}/read`)).status).toBe(204);
    const one = await stream.next((e) => e.event === 'notification.sent.read');
    expect(one.data.ids).toEqual([a.id]);
    expect(typeof one.data.readAt).toBe('string');
    expect((await client.post('/api/notifications/read-all')).status).toBe(204);
    const all = await stream.next(
      (e) => e.event === 'notification.sent.read' && e.data.ids.includes(b.id),
    );
    expect(all.data.ids).toEqual([b.id]);
    const sent = (await advisor.get('/api/notifications/sent')).body.items;
    expect(sent.find((n: any) => n.id === b.id).readAt).toBe(all.data.readAt);
    await stream.close();
  });
});
