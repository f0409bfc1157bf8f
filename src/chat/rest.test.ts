import { describe, expect, it } from 'vitest';
import type { Agent, TestApp } from '../../test/harness';
import {
  conversationsOf,
  freshClient,
  groupIdOf,
  messagesOf,
  signIn,
  startAppForFile,
  uid,
} from './test-kit';

let app: TestApp;
startAppForFile((started) => (app = started));

const send = (agent: Agent, conversationId: number | string, body: unknown) =>
  agent.post(`/api/conversations/${conversationId}/messages`, body);

describe('GET /api/conversations', () => {
  it('lists only the caller’s conversations, with participants, last message and unread count', async () => {
    const client1 = await signIn(app, 'client1@avenir.test');
    const items = await conversationsOf(client1);
    expect(items).toHaveLength(1);
    const [conv] = items;
    expect(conv).toMatchObject({ kind: 'private', title: 'Julien Fabre', unreadCount: 1 });
    expect(conv.participants.map((u: any) => u.role).sort()).toEqual(['advisor', 'client']);
    expect(Object.keys(conv.participants[0]).sort()).toEqual([
      'firstName',
      'id',
      'lastName',
      'role',
    ]);
    expect(conv.lastMessage).toMatchObject({
      conversationId: conv.id,
      body: '150 € le 5 de chaque mois, vers mon livret. Merci !',
    });
    expect(conv.lastMessage.sender).toMatchObject({ id: client1.user.id, role: 'client' });

    const advisor = await signIn(app, 'conseiller1@avenir.test');
    const staffItems = await conversationsOf(advisor);
    expect(staffItems.filter((c) => c.kind === 'group')).toHaveLength(1);
    expect(staffItems.find((c) => c.id === conv.id)).toMatchObject({
      title: `${client1.user.firstName} ${client1.user.lastName}`,
      unreadCount: 2,
    });
    const other = await signIn(app, 'conseiller2@avenir.test');
    expect((await conversationsOf(other)).some((c) => c.id === conv.id)).toBe(false);

    const director = await signIn(app, 'directeur@avenir.test');
    const mine = await conversationsOf(director);
    expect(mine.map((c) => c.kind)).toEqual(['group']);
    expect(mine[0].participants.map((u: any) => u.role).sort()).toEqual([
      'advisor',
      'advisor',
      'director',
    ]);
  });

  it('counts unread from the per-member read marker, which only moves forward', async () => {
    const { agent: client, conversationId } = await freshClient(app);
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    const sent = [];
    for (let i = 0; i < 3; i++)
      sent.push(
        (await send(advisor, conversationId, { body: `m${i}`, clientId: uid() })).body.message,
      );
    const unread = async () =>
      (await conversationsOf(client)).find((c) => c.id === conversationId).unreadCount;
    expect(await unread()).toBe(3);
    // The sender's own messages never count as unread for them.
    expect((await conversationsOf(advisor)).find((c) => c.id === conversationId).unreadCount).toBe(
      0,
    );

    expect(
      (await client.post(`/api/conversations/${conversationId}/read`, { messageId: sent[0].id }))
        .status,
    ).toBe(204);
    expect(await unread()).toBe(2);
    expect(
      (await client.post(`/api/conversations/${conversationId}/read`, { messageId: sent[2].id }))
        .status,
    ).toBe(204);
    expect(await unread()).toBe(0);
    expect(
      (await client.post(`/api/conversations/${conversationId}/read`, { messageId: sent[0].id }))
        .status,
    ).toBe(204);
    expect(await unread()).toBe(0);
    // The advisor's list shows how far the client has read (read ticks survive a reload).
    const seenByAdvisor = (await conversationsOf(advisor)).find((c) => c.id === conversationId);
    expect(seenByAdvisor.readMarkers).toContainEqual({
      userId: client.user.id,
      messageId: sent[2].id,
    });

    await send(advisor, conversationId, { body: 'encore', clientId: uid() });
    expect(await unread()).toBe(1);
    // A message of another conversation is refused and moves nothing.
    const group = await groupIdOf(advisor);
    const { body } = await messagesOf(advisor, group, '?limit=1');
    const res = await client.post(`/api/conversations/${conversationId}/read`, {
      messageId: body.items[0].id,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    for (const bad of [{}, { messageId: 0 }, { messageId: 'x' }, { messageId: 1.5 }]) {
      expect((await client.post(`/api/conversations/${conversationId}/read`, bad)).status).toBe(
        400,
      );
    }
    expect(await unread()).toBe(1);
  });
});

describe('GET /api/conversations/:id/messages', () => {
  it('pages ascending by id with before, after, limit and hasMore', async () => {
    const { agent, conversationId } = await freshClient(app);
    const ids: number[] = [];
    for (let i = 0; i < 7; i++)
      ids.push(
        (await send(agent, conversationId, { body: `n°${i}`, clientId: uid() })).body.message.id,
      );

    const all = await messagesOf(agent, conversationId);
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ items: expect.any(Array), hasMore: false });
    expect(all.body.items.map((m: any) => m.id)).toEqual(ids);
    expect(all.body.items[0]).toEqual({
      id: ids[0],
      conversationId,
      sender: {
        id: agent.user.id,
        firstName: 'Test',
        lastName: expect.any(String),
        role: 'client',
      },
      body: 'n°0',
      clientId: expect.any(String),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });

    const last = await messagesOf(agent, conversationId, '?limit=3');
    expect(last.body.items.map((m: any) => m.id)).toEqual(ids.slice(4));
    expect(last.body.hasMore).toBe(true);
    const older = await messagesOf(agent, conversationId, `?before=${ids[4]}&limit=3`);
    expect(older.body.items.map((m: any) => m.id)).toEqual(ids.slice(1, 4));
    expect(older.body.hasMore).toBe(true);
    const oldest = await messagesOf(agent, conversationId, `?before=${ids[1]}&limit=3`);
    expect(oldest.body).toMatchObject({ items: [{ id: ids[0] }], hasMore: false });

    const newer = await messagesOf(agent, conversationId, `?after=${ids[1]}&limit=2`);
    expect(newer.body.items.map((m: any) => m.id)).toEqual(ids.slice(2, 4));
    expect(newer.body.hasMore).toBe(true);
    const tail = await messagesOf(agent, conversationId, `?after=${ids[4]}&limit=2`);
    expect(tail.body).toMatchObject({ hasMore: false });
    expect(tail.body.items.map((m: any) => m.id)).toEqual(ids.slice(5));
    const none = await messagesOf(agent, conversationId, `?after=${ids[6]}`);
    expect(none.body).toEqual({ items: [], hasMore: false });
    expect((await messagesOf(agent, conversationId, '?after=0&limit=100')).body.items).toHaveLength(
      7,
    );
  });

  it('defaults to 50 and caps the limit at 100', async () => {
    const { agent, conversationId } = await freshClient(app);
    const p = app.platform;
    // History written straight through the store, as fast as fixtures are.
    const { insertMessageTx } = await import('./messages');
    const { users } = await import('../db/schema');
    const { eq } = await import('drizzle-orm');
    const me = p.db.select().from(users).where(eq(users.id, agent.user.id)).get()!;
    p.db.transaction((tx) => {
      for (let i = 0; i < 120; i++)
        insertMessageTx(tx, me, { conversationId, body: `h${i}`, clientId: `h${i}` }, new Date());
    });
    const page = await messagesOf(agent, conversationId);
    expect(page.body.items).toHaveLength(50);
    expect(page.body.items[49].body).toBe('h119');
    expect(page.body.hasMore).toBe(true);
    expect((await messagesOf(agent, conversationId, '?limit=100')).body.items).toHaveLength(100);
    for (const q of [
      '?limit=101',
      '?limit=0',
      '?limit=-1',
      '?limit=abc',
      '?before=0',
      '?before=x',
      '?after=-3',
      `?before=5&after=2`,
    ]) {
      const res = await messagesOf(agent, conversationId, q);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });
});
