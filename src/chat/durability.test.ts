/**
 * An ack is a promise that the message survives: the app runs as a real child
 * process, is killed with SIGKILL right after the acks, and started again on
 * the same SQLite file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { Agent, FIXTURE_PASSWORD } from '../../test/harness';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
});

/** Starts `src/hosts/node/entry.ts` on a free port; resolves with its base URL once it says it is ready. */
function startChild(databasePath: string): Promise<{ child: ChildProcess; base: string }> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_PATH: databasePath,
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
  };
  delete env.APP_URL;
  delete env.SMTP_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/hosts/node/entry.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  return new Promise((ok, ko) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk;
      const m = /AVENIR est prêt : http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) ok({ child, base: `http://127.0.0.1:${m[1]}` });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => ko(new Error(`app exited (${code}) before ready:\n${out}`)));
  });
}

async function login(base: string, email: string) {
  const agent = new Agent(base);
  const res = await agent.post('/api/auth/login', { email, password: FIXTURE_PASSWORD });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  agent.user = res.body.user;
  return agent;
}

const killed = (child: ChildProcess) =>
  new Promise<void>((r) =>
    child.exitCode !== null || child.signalCode ? r() : child.once('exit', () => r()),
  );

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
