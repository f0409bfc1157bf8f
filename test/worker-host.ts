/**
 * Test support: the Worker host as `npm run start:worker` runs it (wrangler dev,
 * workerd), in a process group of its own so a test can signal the whole group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientsOf, testHostEnv } from './harness';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');

export type WorkerHost = ReturnType<typeof clientsOf> & {
  origin: string;
  dir: string;
  pid: number;
  /** What the start script and wrangler printed. */
  log(): string;
  /** Signals the whole process group and waits for the start script to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Stops it and removes its state. */
  stop(): Promise<void>;
};

/**
 * PORT=0: the start script picks a free port and hands it to wrangler, so another
 * process may take it in between; that start is retried on a new port.
 */
export async function startWorkerHost(
  env: Record<string, string> = {},
  opts: { dir?: string } = {},
): Promise<WorkerHost> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(env, opts);
    } catch (err) {
      if (attempt >= 3 || !/Address already in use/.test(String(err))) throw err;
    }
  }
}

async function startOnce(env: Record<string, string>, opts: { dir?: string }): Promise<WorkerHost> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'avenir-worker-test-'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'scripts/start-worker.mjs')], {
    cwd: ROOT,
    detached: true, // its own group, as a shell would give it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...testHostEnv(dir, env) },
  });
  let output = '';
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const origin = await new Promise<string>((ok, ko) => {
    const timer = setTimeout(() => ko(new Error(`start:worker timed out:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const m = /est prêt : (\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c));
    void exited.then(() => ko(new Error(`start:worker exited:\n${output}`)));
  });
  const host: WorkerHost = {
    ...clientsOf(origin),
    origin,
    dir,
    pid: child.pid!,
    log: () => output,
    async kill(signal = 'SIGTERM') {
      try {
        process.kill(-child.pid!, signal);
      } catch {}
      await exited;
    },
    async stop() {
      await host.kill('SIGTERM');
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return host;
}
