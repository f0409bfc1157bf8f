// Sending over REST (POST /api/conversations/:id/messages) and who may use the conversation routes.
import { describe, expect, it } from 'vitest';
import type { Agent, TestApp } from '../../test/harness';
import {
  freshClient,
  groupIdOf,
  messagesOf,
  outsidersCast,
  signIn,
  startAppForFile,
  uid,
} from './test-kit';

let app: TestApp;
startAppForFile((started) => (app = started));

const send = (agent: Agent, conversationId: number | string, body: unknown) =>
  agent.post(`/api/conversations/${conversationId}/messages`, body);

describe('POST /api/conversations/:id/messages', () => {
  it('stores a trimmed message and answers 201; the same clientId again returns the first message', async () => {
    const { agent, conversationId } = await freshClient(app);
    const clientId = uid();
    const first = await send(agent, conversationId, { body: '  Bonjour  ', clientId });
    expect(first.status).toBe(201);
    expect(first.body.message).toMatchObject({
      conversationId,
      body: 'Bonjour',
      clientId,
      sender: { id: agent.user.id },
    });
    const again = await send(agent, conversationId, { body: 'autre chose', clientId });
    expect(again.status).toBe(201);
    expect(again.body.message).toEqual(first.body.message);
    const { body } = await messagesOf(agent, conversationId);
    expect(body.items.filter((m: any) => m.clientId === clientId)).toHaveLength(1);
    // The advisor choosing the same clientId in that conversation gets no one else's message.
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    const clash = await send(advisor, conversationId, { body: 'x', clientId });
    expect(clash.status).toBe(400);
    expect(clash.body.error.fields.clientId).toBeTruthy();
  });

  it('refuses bad bodies and clientIds with validation_failed and stores nothing', async () => {
    const { agent, conversationId } = await freshClient(app);
    const cases: unknown[] = [
      { body: '', clientId: uid() },
      { body: '   \n\t ', clientId: uid() },
      { body: 'x'.repeat(4001), clientId: uid() },
      { body: 'ok', clientId: '' },
      { body: 'ok', clientId: 'x'.repeat(65) },
      { body: 'ok' },
      { clientId: uid() },
      { body: 42, clientId: uid() },
      { body: 'ok', clientId: 7 },
      [],
      'null',
    ];
    for (const input of cases) {
      const res = await send(agent, conversationId, input);
      expect(res.status, JSON.stringify(input).slice(0, 80)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const malformed = await agent.request(
      'POST',
      `/api/conversations/${conversationId}/messages`,
      '{"body": "x",',
      {},
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('validation_failed');
    expect((await messagesOf(agent, conversationId)).body.items).toEqual([]);

    // The bounds themselves are accepted: 4000 characters (emoji count as one), a 64-character clientId.
    expect(
      (await send(agent, conversationId, { body: 'é'.repeat(4000), clientId: 'y'.repeat(64) }))
        .status,
    ).toBe(201);
    expect(
      (await send(agent, conversationId, { body: '😀'.repeat(4000), clientId: uid() })).status,
    ).toBe(201);
  });

  it('shows the director as such in the group', async () => {
    const director = await signIn(app, 'directeur@avenir.test');
    const group = await groupIdOf(director);
    const res = await send(director, group, { body: 'Réunion à 9 h.', clientId: uid() });
    expect(res.body.message.sender.role).toBe('director');
  });
});

describe('authorization of the REST routes', () => {
  it('answers 404 to non-members on every route and changes nothing', async () => {
    const { client1, client2, client4, advisor1, c2, c4, group } = await outsidersCast(app);
    const readerOf = new Map<number, Agent>([
      [c2, client2],
      [c4, client4],
      [group, advisor1],
    ]);
    const lastOf = async (id: number) =>
      (await messagesOf(readerOf.get(id)!, id, '?limit=1')).body.items[0];
    const matrix: [string, Agent, number | string][] = [
      ['client → another client’s conversation (same advisor)', client1, c2],
      ['client → another advisor’s client', client1, c4],
      ['client → group', client1, group],
      ['advisor → another advisor’s client', advisor1, c4],
      ['unknown conversation', client1, 999_999],
      ['not an id', client1, 'abc'],
    ];
    for (const [label, agent, id] of matrix) {
      const before = typeof id === 'number' && readerOf.has(id) ? await lastOf(id) : undefined;
      const list = await messagesOf(agent, id as number);
      expect(list.status, label).toBe(404);
      expect(list.body.error.code).toBe('not_found');
      expect((await send(agent, id, { body: 'intrus', clientId: uid() })).status, label).toBe(404);
      expect(
        (await agent.post(`/api/conversations/${id}/read`, { messageId: before?.id ?? 1 })).status,
        label,
      ).toBe(404);
      if (before) expect(await lastOf(id as number)).toEqual(before);
    }

    const anon = app.anon();
    expect((await anon.get('/api/conversations')).status).toBe(401);
    expect((await messagesOf(anon, c2)).status).toBe(401);
    expect((await send(anon, c2, { body: 'x', clientId: uid() })).status).toBe(401);
    client2.originHeader = 'http://evil.example';
    const forged = await send(client2, c2, { body: 'x', clientId: uid() });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('forbidden_origin');
  });
});
