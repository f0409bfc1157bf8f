/**
 * The chat model over the real chat socket (client/realtime.ts on `ws`, with the
 * signed-in cookie) and the real app: a message shown at once as pending, then
 * sent; a reply arriving live and counted unread until the conversation is on
 * screen; a message written while the socket is down sent once when it returns.
 */
import { signal } from '@preact/signals';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import NodeWebSocket from 'ws';
import { createChatSocket } from '../../realtime';
import type { Me } from '../../types';
import { useModelServer } from '../model-harness';
import { createChatModel } from '.';

const server = useModelServer();

beforeAll(() => {
  // What the browser gives the socket: the page's address, and its cookie on the upgrade.
  vi.stubGlobal('location', new URL(server.app.origin));
  vi.stubGlobal('addEventListener', () => {}); // online / offline: never fired here
  vi.stubGlobal('removeEventListener', () => {});
  vi.stubGlobal('document', {
    visibilityState: 'visible',
    addEventListener() {},
    removeEventListener() {},
  });
  vi.stubGlobal(
    'WebSocket',
    class extends NodeWebSocket {
      constructor(url: string) {
        super(url, {
          headers: { cookie: server.agent.cookie, origin: server.app.origin },
        });
      }
    },
  );
});
afterAll(() => vi.unstubAllGlobals());

describe('chat model', () => {
  it('sends, receives live, counts unread until read, and sends what was written offline once', async () => {
    const agent = await server.signIn('client1@avenir.test');
    const advisor = await server.app.login('conseiller1@avenir.test');
    const me = signal<Me | null | undefined>({ advisor: null, passkeys: 0, ...agent.user });
    const socket = createChatSocket({ sessionEnded: () => {} });
    const chat = createChatModel({
      me,
      socket,
      sessionEnded: () => {},
      listedOnline: () => false,
      onPresence: () => {},
    });
    chat.start();
    await expect.poll(() => socket.state.value).toBe('open');
    await expect.poll(() => chat.privateConversation.value).not.toBeNull();
    const conv = chat.privateConversation.value!;
    await chat.openThread(conv.id);
    const items = () => chat.threadItems(conv.id);

    expect(chat.sendMessage(conv.id, '   ')).toBe('Le message est vide.');
    expect(chat.sendMessage(conv.id, '  Bonjour, ma carte est bloquée  ')).toBeNull();
    expect(items().at(-1)).toMatchObject({
      body: 'Bonjour, ma carte est bloquée',
      status: 'pending',
    });
    await expect.poll(() => items().at(-1)?.status).toBe('sent');
    expect(items().at(-1)!.id).toBeGreaterThan(0);

    // The advisor answers: live, from them, unread while the conversation is not on screen
    const unreadBefore = chat.conversationById(conv.id)!.unreadCount;
    const reply = await advisor.post(`/api/conversations/${conv.id}/messages`, {
      body: 'Je la débloque tout de suite.',
      clientId: `chat-model-${Date.now()}`,
    });
    expect(reply.status).toBe(201);
    await expect.poll(() => items().at(-1)?.body).toBe('Je la débloque tout de suite.');
    expect(items().at(-1)!.mine).toBe(false);
    expect(chat.lastIncoming.value?.text).toBe(
      'Nouveau message de Julien Fabre : Je la débloque tout de suite.',
    );
    expect(chat.conversationById(conv.id)!.unreadCount).toBe(unreadBefore + 1);

    // On screen: read, here and on the server
    chat.setViewing(conv.id);
    await expect.poll(() => chat.conversationById(conv.id)!.unreadCount).toBe(0);
    await expect
      .poll(async () => {
        const list = (await agent.get('/api/conversations')).body.items;
        return list.find((c: { id: number }) => c.id === conv.id).unreadCount;
      })
      .toBe(0);

    // Written while the socket is down: pending, then sent once after the next `ready`
    socket.stop();
    expect(socket.state.value).toBe('idle');
    chat.sendMessage(conv.id, 'Écrit hors connexion');
    expect(items().at(-1)).toMatchObject({ body: 'Écrit hors connexion', status: 'pending' });
    socket.start();
    await expect.poll(() => items().at(-1)?.status).toBe('sent');
    const stored = (await agent.get(`/api/conversations/${conv.id}/messages?limit=100`)).body.items;
    expect(stored.filter((m: { body: string }) => m.body === 'Écrit hors connexion')).toHaveLength(
      1,
    );
    chat.stop();
  });
});
