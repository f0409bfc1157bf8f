import { describe, expect, it } from 'vitest';
import type { Agent, TestApp, TestSocket } from '../../test/harness';
import {
  freshClient,
  messagesOf,
  outsidersCast,
  signIn,
  startAppForFile,
  sync,
  uid,
} from './test-kit';

let app: TestApp;
startAppForFile((started) => (app = started));

describe('frame validation', () => {
  it('answers bad frames with bad_frame and invalid fields with validation_failed, storing nothing and keeping the socket', async () => {
    const { agent: client, conversationId } = await freshClient(app);
    const sock = await client.ws();
    const errors = () => sock.of('error');
    const expectError = async (raw: string | Buffer, code: string, clientId?: string) => {
      const n = errors().length;
      sock.ws.send(raw);
      await sock.next(() => errors().length > n);
      const err = errors()[n];
      expect(err, String(raw).slice(0, 60)).toMatchObject({
        type: 'error',
        code,
        message: expect.any(String),
      });
      expect(err.clientId).toBe(clientId);
    };
    await expectError('pas du json', 'bad_frame');
    await expectError('[1,2]', 'bad_frame');
    await expectError('null', 'bad_frame');
    await expectError('{"type":"message.delete","id":1}', 'bad_frame');
    await expectError('{"conversationId":1}', 'bad_frame');
    await expectError(Buffer.from('{"type":"ping"}'), 'bad_frame'); // binary
    const big = JSON.stringify({
      type: 'message.send',
      conversationId,
      body: 'x'.repeat(17 * 1024),
      clientId: 'big',
    });
    await expectError(big, 'bad_frame');

    const send = (fields: object) =>
      JSON.stringify({ type: 'message.send', conversationId, ...fields });
    await expectError(send({ body: '', clientId: 'e1' }), 'validation_failed', 'e1');
    await expectError(send({ body: '  \n ', clientId: 'e2' }), 'validation_failed', 'e2');
    await expectError(send({ body: 'x'.repeat(4001), clientId: 'e3' }), 'validation_failed', 'e3');
    await expectError(send({ body: 'ok', clientId: '' }), 'validation_failed');
    await expectError(send({ body: 'ok', clientId: 'x'.repeat(65) }), 'validation_failed');
    await expectError(send({ body: 'ok' }), 'validation_failed');
    await expectError(
      JSON.stringify({ type: 'message.send', conversationId: 'un', body: 'ok', clientId: 'e4' }),
      'validation_failed',
      'e4',
    );
    await expectError(
      JSON.stringify({ type: 'typing', conversationId, isTyping: 'oui' }),
      'validation_failed',
    );
    await expectError(
      JSON.stringify({ type: 'read', conversationId, messageId: -1 }),
      'validation_failed',
    );

    await sync(sock); // still open and answering
    expect(sock.of('message.ack')).toEqual([]);
    expect((await messagesOf(client, conversationId)).body.items).toEqual([]);
    await sock.close();
  });
});

describe('authorization of frames', () => {
  it('refuses send, typing and read to non-members with forbidden, storing and relaying nothing', async () => {
    const { client1, client2, client4, advisor1, c2, c4, group } = await outsidersCast(app);
    const advisor2 = await signIn(app, 'conseiller2@avenir.test');
    const director = await signIn(app, 'directeur@avenir.test');
    const socks = new Map<Agent, TestSocket>();
    for (const a of [client1, client2, client4, advisor1, advisor2, director])
      socks.set(a, await a.ws());
    const lastId = async (reader: Agent, id: number) =>
      (await messagesOf(reader, id, '?limit=1')).body.items[0]?.id;

    const matrix: [string, Agent, number, Agent[]][] = [
      ['client → another client of the same advisor', client1, c2, [client2, advisor1]],
      ['client → another advisor’s client', client1, c4, [client4, advisor2]],
      ['client → group', client1, group, [advisor1, advisor2, director]],
      ['advisor → another advisor’s client', advisor1, c4, [client4, advisor2]],
      ['unknown conversation', client1, 999_999, []],
    ];
    for (const [label, intruder, conversationId, members] of matrix) {
      const sock = socks.get(intruder)!;
      const reader = members[0];
      const before = reader ? await lastId(reader, conversationId) : undefined;
      const n = sock.of('error').length;
      const clientId = uid();
      sock.send({ type: 'message.send', conversationId, body: 'intrus', clientId });
      sock.send({ type: 'typing', conversationId, isTyping: true });
      sock.send({ type: 'read', conversationId, messageId: before ?? 1 });
      await sock.next(() => sock.of('error').length >= n + 3);
      const errs = sock.of('error').slice(n);
      expect(
        errs.map((e) => e.code),
        label,
      ).toEqual(['forbidden', 'forbidden', 'forbidden']);
      expect(errs[0].clientId).toBe(clientId);
      expect(sock.of('message.ack')).toEqual([]);
      if (reader) expect(await lastId(reader, conversationId), label).toBe(before);
      for (const m of members) {
        const s = socks.get(m)!;
        await sync(s);
        const about = (f: any) =>
          f.conversationId === conversationId || f.message?.conversationId === conversationId;
        const leaked = s.frames.filter(
          (f) => ['message.new', 'typing', 'read'].includes(f.type) && about(f),
        );
        expect(leaked, label).toEqual([]);
      }
    }
    await Promise.all([...socks.values()].map((s) => s.close()));
  });
});
