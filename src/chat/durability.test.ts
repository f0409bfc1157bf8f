/**
 * An ack is a promise that the message survives: the app runs as a real child
 * process, is killed with SIGKILL right after the acks, and started again on
 * the same SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { killChildren, killed, login, startChild } from '../../test/child-app';

afterEach(killChildren);

it(
  'keeps every acknowledged message across a SIGKILL and a restart',
  { timeout: 60_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'avenir-durability-'));
    try {
      const db = join(dir, 'avenir.db');
      const first = await startChild(db);
      const client = await login(first.base, 'client1@avenir.test');
      const advisor = await login(first.base, 'conseiller1@avenir.test');
      const conversationId = (await client.get('/api/conversations')).body.items[0].id;
      const [a, b] = await Promise.all([client.ws(), advisor.ws()]);
      // 25 sends each, pipelined without waiting, as a burst of tabs would.
      for (let i = 0; i < 25; i++) {
        a.send({
          type: 'message.send',
          conversationId,
          body: `client ${i}`,
          clientId: `dur-c-${i}`,
        });
        b.send({
          type: 'message.send',
          conversationId,
          body: `conseiller ${i}`,
          clientId: `dur-a-${i}`,
        });
      }
      await Promise.all([a, b].map((s) => s.next(() => s.of('message.ack').length === 25, 15_000)));
      first.child.kill('SIGKILL'); // no graceful shutdown, no checkpoint
      await killed(first.child);
      const acked = [...a.of('message.ack'), ...b.of('message.ack')]
        .map((f) => f.message)
        .sort((x, y) => x.id - y.id);
      expect(acked).toHaveLength(50);

      const second = await startChild(db);
      const reader = await login(second.base, 'client1@avenir.test');
      const firstId = acked[0].id;
      const res = await reader.get(
        `/api/conversations/${conversationId}/messages?after=${firstId - 1}&limit=100`,
      );
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual(acked);
      second.child.kill('SIGKILL');
      await killed(second.child);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
