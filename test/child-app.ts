/** The app as a real child process (src/hosts/node/entry.ts), for crash and restart tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, FIXTURE_PASSWORD } from './harness';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const children = new Set<ChildProcess>();

/** Kills every child still running (call it in afterEach). */
export function killChildren() {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

/** Starts `src/hosts/node/entry.ts` on a free port; resolves with its base URL once it says it is ready. */
export function startChild(databasePath: string): Promise<{ child: ChildProcess; base: string }> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_PATH: databasePath,
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'development',
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

export async function login(base: string, email: string) {
  const agent = new Agent(base);
  const res = await agent.post('/api/auth/login', { email, password: FIXTURE_PASSWORD });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  agent.user = res.body.user;
  return agent;
}

export const killed = (child: ChildProcess) =>
  new Promise<void>((r) =>
    child.exitCode !== null || child.signalCode ? r() : child.once('exit', () => r()),
  );
