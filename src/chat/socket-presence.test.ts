import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/harness';
import {
  conversationsOf,
  freshClient,
  signIn,
  startAppForFile,
  sync,
  syncAll,
  uid,
} from './test-kit';
import { NEWCOMER_PROFILE } from '../../test/newcomer';

let app: TestApp;
startAppForFile((started) => (app = started));

describe('typing, read and presence', () => {
  it('relays typing to the other members only and clears it when the typist disconnects', async () => {
    const { agent: client, conversationId } = await freshClient(app);
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    const neighbour = await signIn(app, 'client2@avenir.test');
    const [tab1, tab2, staff, n] = await Promise.all([
      client.ws(),
      client.ws(),
      advisor.ws(),
      neighbour.ws(),
    ]);
    tab1.send({ type: 'typing', conversationId, isTyping: true });
    const typing = await staff.next((f) => f.type === 'typing');
    expect(typing).toEqual({
      type: 'typing',
      conversationId,
      user: { id: client.user.id, firstName: 'Test', lastName: expect.any(String), role: 'client' },
      isTyping: true,
    });
    await syncAll(tab1, tab2, n);
    for (const s of [tab1, tab2, n]) expect(s.of('typing')).toEqual([]);

    await tab1.close();
    expect(await staff.next((f) => f.type === 'typing' && f.isTyping === false)).toMatchObject({
      conversationId,
      user: { id: client.user.id },
    });
    await Promise.all([tab2.close(), staff.close(), n.close()]);
  });

  it('persists read markers and relays them to the other members and the reader’s other tabs', async () => {
    const { agent: client, conversationId } = await freshClient(app);
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    const [tab1, tab2, staff] = await Promise.all([client.ws(), client.ws(), advisor.ws()]);
    const sent = await advisor.post(`/api/conversations/${conversationId}/messages`, {
      body: 'Lu ?',
      clientId: uid(),
    });
    const messageId = sent.body.message.id;
    expect((await conversationsOf(client)).find((c) => c.id === conversationId).unreadCount).toBe(
      1,
    );

    tab1.send({ type: 'read', conversationId, messageId });
    const frame = { type: 'read', conversationId, userId: client.user.id, messageId };
    expect(await staff.next((f) => f.type === 'read')).toEqual(frame);
    expect(await tab2.next((f) => f.type === 'read')).toEqual(frame);
    await sync(tab1);
    expect(tab1.of('read')).toEqual([]);
    expect((await conversationsOf(client)).find((c) => c.id === conversationId).unreadCount).toBe(
      0,
    );

    // Going backwards changes and relays nothing.
    tab1.send({ type: 'read', conversationId, messageId: messageId });
    await syncAll(tab1, staff);
    expect(staff.of('read')).toHaveLength(1);
    await Promise.all([tab1.close(), tab2.close(), staff.close()]);
  });

  it('announces presence to people sharing a conversation, while the user has at least one socket', async () => {
    const { agent: client } = await freshClient(app, 'conseiller2@avenir.test');
    const advisor = await signIn(app, 'conseiller2@avenir.test');
    const outsider = await signIn(app, 'client1@avenir.test');
    const [staff, out] = await Promise.all([advisor.ws(), outsider.ws()]);
    const listed = async () =>
      (await advisor.get('/api/clients')).body.items.find((c: any) => c.id === client.user.id)
        .online;
    expect(await listed()).toBe(false);

    const tab1 = await client.ws();
    // The newcomer learns who is already online right after ready.
    expect(tab1.frames[1]).toEqual({ type: 'presence', userId: advisor.user.id, online: true });
    expect(await staff.next((f) => f.type === 'presence' && f.userId === client.user.id)).toEqual({
      type: 'presence',
      userId: client.user.id,
      online: true,
    });
    expect(await listed()).toBe(true);
    const tab2 = await client.ws();
    await tab1.close();
    await sync(staff);
    expect(staff.of('presence').filter((f) => f.userId === client.user.id)).toHaveLength(1);
    expect(await listed()).toBe(true);

    await tab2.close();
    expect(
      await staff.next((f) => f.type === 'presence' && f.userId === client.user.id && !f.online),
    ).toBeTruthy();
    expect(await listed()).toBe(false);
    await sync(out);
    expect(out.of('presence').filter((f) => f.userId === client.user.id)).toEqual([]);
    await Promise.all([staff.close(), out.close()]);
  });

  it('tells the advisor of a new client’s conversation as soon as the client registers', async () => {
    const advisors = [
      await signIn(app, 'conseiller1@avenir.test'),
      await signIn(app, 'conseiller2@avenir.test'),
    ];
    const socks = await Promise.all(advisors.map((a) => a.ws()));
    const email = `nouveau-${uid()}@avenir.test`;
    const res = await app.anon().post('/api/auth/register', {
      ...NEWCOMER_PROFILE,
      email,
      password: 'Un-mot-de-passe-1',
      firstName: 'Nina',
      lastName: 'Nouvelle',
    });
    expect(res.status).toBe(202);
    const frame = await Promise.race(
      socks.map((s) => s.next((f) => f.type === 'conversation.new')),
    );
    expect(frame.conversation).toMatchObject({
      kind: 'private',
      title: 'Nina Nouvelle',
      lastMessage: null,
      unreadCount: 0,
    });
    const advisorId = frame.conversation.participants.find((u: any) => u.role === 'advisor').id;
    const owner = advisors.find((a) => a.user.id === advisorId)!;
    expect((await conversationsOf(owner)).some((c) => c.id === frame.conversation.id)).toBe(true);
    const other = socks[advisors.indexOf(owner) === 0 ? 1 : 0];
    await sync(other);
    expect(other.of('conversation.new')).toEqual([]);
    await Promise.all(socks.map((s) => s.close()));
  });
});
