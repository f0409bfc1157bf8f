// The Worker host's process and state: SIGKILL of its process group stops workerd too, and
// a restart on the same state loses no acknowledged write. (The Node host's own tests cover it.)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { hostKind } from './host';
import { Agent } from '../harness';
import { startWorkerHost, type WorkerHost } from '../worker-host';

const dir = mkdtempSync(join(tmpdir(), 'avenir-durability-'));
let host: WorkerHost | undefined;
afterAll(async () => {
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Processes still in a group (ps exits 1 when there are none). */
function groupMembers(pgid: number): string[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,comm=', '-g', String(pgid)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim());
  } catch {
    return [];
  }
}

it.skipIf(hostKind !== 'worker')(
  'survives SIGKILL of its process group with every acknowledged write, and leaves no process behind',
  async () => {
    host = await startWorkerHost({}, { dir });
    const client = await host.login('client1@avenir.test');
    const advisor = await host.login('conseiller1@avenir.test');
    const ws = await client.ws();
    const conversationId = ws.ready.conversationIds[0];
    const sent: number[] = [];
    for (let i = 0; i < 5; i++) {
      ws.send({
        type: 'message.send',
        conversationId,
        body: `Avant coupure ${i}`,
        clientId: `k${i}`,
      });
      sent.push(
        (await ws.next((f) => f.type === 'message.ack' && f.clientId === `k${i}`)).message.id,
      );
    }
    const note = await advisor.post('/api/notifications', {
      recipientId: client.user.id,
      kind: 'info',
      title: 'Avant coupure',
      body: 'Texte',
    });
    expect(note.status).toBe(201);

    expect(groupMembers(host.pid).some((l) => l.includes('workerd'))).toBe(true);
    await host.kill('SIGKILL');
    await expect.poll(() => groupMembers(host!.pid), { timeout: 5000 }).toEqual([]);

    host = await startWorkerHost({}, { dir });
    // The session survived too: the old cookie works against the restarted host.
    const again = new Agent(host.origin);
    again.cookie = client.cookie;
    const page = await again.get(`/api/conversations/${conversationId}/messages?limit=100`);
    expect(page.status).toBe(200);
    const ids = page.body.items.map((m: any) => m.id);
    for (const id of sent) expect(ids).toContain(id);
    const notes = await again.get('/api/notifications');
    expect(notes.body.items.map((n: any) => n.id)).toContain(note.body.notification.id);
    // and the fixtures were not seeded twice
    const staff = await host.login('directeur@avenir.test');
    const emails = (await staff.get('/api/clients')).body.items.map((c: any) => c.email);
    expect(emails.filter((e: string) => e === 'client1@avenir.test')).toHaveLength(1);
  },
  180_000,
);
