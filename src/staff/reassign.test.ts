import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness';
import { conversationsOf, freshClient, messagesOf, signIn, sync, uid } from '../chat/test-kit';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.stop());

const idOf = async (email: string) => (await signIn(app, email)).user.id as number;

describe('PATCH /api/clients/:id', () => {
  it('is for the director only', async () => {
    const { id } = await freshClient(app);
    const advisor2 = await idOf('conseiller2@avenir.test');
    for (const email of [
      'conseiller1@avenir.test',
      'conseiller2@avenir.test',
      'client1@avenir.test',
    ]) {
      const res = await (
        await signIn(app, email)
      ).patch(`/api/clients/${id}`, { advisorId: advisor2 });
      expect(res.status, email).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await app.anon().patch(`/api/clients/${id}`, { advisorId: advisor2 })).status).toBe(
      401,
    );
    const director = await signIn(app, 'directeur@avenir.test');
    director.originHeader = 'http://evil.example';
    expect((await director.patch(`/api/clients/${id}`, { advisorId: advisor2 })).status).toBe(403);
    const listed = (await (await signIn(app, 'conseiller1@avenir.test')).get('/api/clients')).body
      .items;
    expect(listed.some((c: any) => c.id === id)).toBe(true); // unchanged
  });

  it('refuses unknown clients and anything that is not an advisor, changing nothing', async () => {
    const { id } = await freshClient(app);
    const director = await signIn(app, 'directeur@avenir.test');
    const advisor2 = await idOf('conseiller2@avenir.test');
    const cases: [string, unknown, number, string][] = [
      ['999999', { advisorId: advisor2 }, 404, 'not_found'],
      ['abc', { advisorId: advisor2 }, 404, 'not_found'],
      [String(advisor2), { advisorId: advisor2 }, 404, 'not_found'], // an advisor is not a client
      [String(id), { advisorId: 999_999 }, 400, 'validation_failed'],
      [String(id), { advisorId: director.user.id }, 400, 'validation_failed'],
      [String(id), { advisorId: await idOf('client2@avenir.test') }, 400, 'validation_failed'],
      [String(id), { advisorId: 'deux' }, 400, 'validation_failed'],
      [String(id), {}, 400, 'validation_failed'],
    ];
    for (const [target, body, status, code] of cases) {
      const res = await director.patch(`/api/clients/${target}`, body);
      expect(res.status, `${target} ${JSON.stringify(body)}`).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    const item = (await director.get('/api/clients')).body.items.find((c: any) => c.id === id);
    expect(item.advisor.id).toBe(await idOf('conseiller1@avenir.test'));
  });

  it('moves the private conversation with its history to the new advisor; the old one loses it at once', async () => {
    const { agent: client, id, conversationId } = await freshClient(app);
    const advisor1 = await signIn(app, 'conseiller1@avenir.test');
    const advisor2 = await signIn(app, 'conseiller2@avenir.test');
    const director = await signIn(app, 'directeur@avenir.test');
    const history = await advisor1.post(`/api/conversations/${conversationId}/messages`, {
      body: 'Avant le changement',
      clientId: uid(),
    });
    const [clientSock, old, next] = await Promise.all([client.ws(), advisor1.ws(), advisor2.ws()]);
    expect(old.ready.conversationIds).toContain(conversationId);

    const res = await director.patch(`/api/clients/${id}`, { advisorId: advisor2.user.id });
    expect(res.status).toBe(200);
    expect(res.body.client).toMatchObject({
      id,
      advisor: { id: advisor2.user.id, role: 'advisor' },
    });

    const announced = await next.next((f) => f.type === 'conversation.new');
    expect(announced.conversation).toMatchObject({
      id: conversationId,
      kind: 'private',
      lastMessage: { id: history.body.message.id },
    });
    expect(announced.conversation.participants.map((u: any) => u.id).sort()).toEqual(
      [id, advisor2.user.id].sort(),
    );

    // The new advisor has the whole history under the same id; the old one gets 404 everywhere.
    expect((await messagesOf(advisor2, conversationId)).body.items.map((m: any) => m.body)).toEqual(
      ['Avant le changement'],
    );
    expect((await messagesOf(advisor1, conversationId)).status).toBe(404);
    expect(
      (
        await advisor1.post(`/api/conversations/${conversationId}/messages`, {
          body: 'x',
          clientId: uid(),
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await advisor1.post(`/api/conversations/${conversationId}/read`, {
          messageId: history.body.message.id,
        })
      ).status,
    ).toBe(404);
    expect((await conversationsOf(advisor1)).some((c) => c.id === conversationId)).toBe(false);
    expect((await advisor1.get('/api/clients')).body.items.some((c: any) => c.id === id)).toBe(
      false,
    );
    expect((await advisor2.get('/api/clients')).body.items.some((c: any) => c.id === id)).toBe(
      true,
    );
    expect((await client.get('/api/me')).body.user.advisor.id).toBe(advisor2.user.id);

    // The old advisor's open socket hears nothing more of it, and may not speak in it.
    clientSock.send({ type: 'typing', conversationId, isTyping: true });
    clientSock.send({ type: 'message.send', conversationId, body: 'Après', clientId: uid() });
    const ack = await clientSock.next((f) => f.type === 'message.ack');
    expect((await next.next((f) => f.type === 'message.new')).message.id).toBe(ack.message.id);
    expect(await next.next((f) => f.type === 'typing')).toMatchObject({
      conversationId,
      isTyping: true,
    });
    await sync(old);
    expect(old.frames.filter((f) => f.type === 'message.new' || f.type === 'typing')).toEqual([]);
    old.send({ type: 'message.send', conversationId, body: 'Encore moi', clientId: 'old' });
    old.send({ type: 'read', conversationId, messageId: ack.message.id });
    await old.next(() => old.of('error').length === 2);
    expect(old.of('error').map((e) => e.code)).toEqual(['forbidden', 'forbidden']);
    expect((await messagesOf(client, conversationId)).body.items.map((m: any) => m.body)).toEqual([
      'Avant le changement',
      'Après',
    ]);
    await Promise.all([clientSock.close(), old.close(), next.close()]);
  });
});
