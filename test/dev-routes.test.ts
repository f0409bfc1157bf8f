// Dev routes fail closed, and /api/health tells the truth.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { FIXTURE_PASSWORD } from '../seed/fixtures';
import { Agent, startTestApp, type TestApp } from './harness';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
/** Every /dev/* route, as a client would call it. */
const devCalls = (a: Agent, headers: Record<string, string> = {}) => [
  a.get('/dev/clock', headers),
  a.post('/dev/clock', { advanceDays: 1 }, headers),
  a.post('/dev/deposit', { accountId: 1, amountCents: 100 }, headers),
  a.get('/dev/mailbox.json', headers),
  a.get('/dev/mailbox', headers),
];
const statuses = async (calls: Promise<{ status: number }>[]) =>
  (await Promise.all(calls)).map((r) => r.status);

it('defaults to production: the compiled server and the Worker have no dev route unless told', () => {
  const config = loadConfig({});
  expect(config.env).toBe('production');
  expect(config.devMailbox).toBe(false);
  expect(loadConfig({ NODE_ENV: 'development' }).env).toBe('development');
});

describe('dev routes', () => {
  it('answer 404 in production, even to a signed-in client on this machine', async () => {
    const app = await startTestApp({ NODE_ENV: 'production' });
    try {
      const client = await app.login('client1@avenir.test');
      expect(await statuses(devCalls(client))).toEqual([404, 404, 404, 404, 404]);
      expect((await client.get('/api/accounts')).status).toBe(200); // the app itself is there
    } finally {
      await app.stop();
    }
  });

  it('answer 404 with NODE_ENV=test too: only development opens them', async () => {
    const app = await startTestApp({ NODE_ENV: 'test' });
    try {
      expect((await app.anon().get('/dev/clock')).status).toBe(404);
    } finally {
      await app.stop();
    }
  });

  it('in development, answer a loopback client but never one that names a forwarded address', async () => {
    const app = await startTestApp({ NODE_ENV: 'development', TRUST_PROXY: 'true' });
    try {
      const client = await app.login('client1@avenir.test');
      expect((await client.get('/dev/clock')).status).toBe(200);
      expect((await client.get('/dev/mailbox.json')).status).toBe(200);
      for (const headers of <Record<string, string>[]>[
        { 'x-forwarded-for': '127.0.0.1' },
        { forwarded: 'for=127.0.0.1' },
        { 'x-real-ip': '127.0.0.1' },
      ])
        expect(await statuses(devCalls(client, headers))).toEqual([404, 404, 404, 404, 404]);
    } finally {
      await app.stop();
    }
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  it.runIf(external)(
    'in development, answer 404 to a client that is not on this machine (a non-loopback peer)',
    async () => {
      const app = await startTestApp({ NODE_ENV: 'development', HOST: '0.0.0.0' });
      try {
        const remote = new Agent(`http://${external}:${app.port}`);
        const res = await remote.post('/api/auth/login', {
          email: 'client1@avenir.test',
          password: 'Avenir-2026!',
        });
        expect(res.status).toBe(200);
        expect(await statuses(devCalls(remote))).toEqual([404, 404, 404, 404, 404]);
        expect((await app.anon().get('/dev/clock')).status).toBe(200); // loopback still is
      } finally {
        await app.stop();
      }
    },
  );
});

describe('GET /api/health', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.stop());

  it('says ok with the build once the database answered a read, 503 unavailable when it cannot', async () => {
    const ok = await app.anon().get('/api/health');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: 'ok', build: expect.any(String) });
    const db = app.platform.db;
    app.platform.db = new Proxy(db, {
      get(target, key) {
        if (key === 'get' || key === 'all' || key === 'select')
          return () => {
            throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
          };
        return Reflect.get(target, key);
      },
    });
    try {
      const down = await app.anon().get('/api/health');
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ status: 'unavailable' });
      expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      app.platform.db = db;
    }
    expect((await app.anon().get('/api/health')).status).toBe(200);
  });
});

/** Runs `npm start`'s script on a fresh database until it is ready; its output and base URL. */
async function npmStart(env: Record<string, string | undefined>) {
  const dir = mkdtempSync(join(tmpdir(), 'avenir-start-'));
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    env: { ...env, PATH: process.env.PATH, PORT: '0', DATABASE_PATH: join(dir, 'a.db') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const base = await new Promise<string>((ok, ko) => {
    const onData = (chunk: Buffer) => {
      out += chunk;
      const m = /AVENIR est prêt : http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) ok(`http://127.0.0.1:${m[1]}`);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => ko(new Error(`npm start exited (${code}):\n${out}`)));
  });
  const stop = async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  return { out: () => out, base, stop };
}

/**
 * The compiled server loads pdf-lib and @simplewebauthn/server only at first use (chunks of
 * its bundle, not of the sources the other tests run) and bundles zod's English alone: a PDF,
 * a passkey ceremony and a validation error work there.
 */
async function bundleWorks(base: string) {
  const bad = await new Agent(base).post('/api/auth/login', { email: 12 });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatchObject({
    code: 'validation_failed',
    fields: { email: expect.any(String) },
  });
  const options = await new Agent(base).post('/api/auth/passkey/options');
  expect(options.status).toBe(200);
  expect(options.body.publicKey.challenge).toMatch(/^[\w-]{20,}$/);
  const client = new Agent(base);
  const login = await client.post('/api/auth/login', {
    email: 'client1@avenir.test',
    password: FIXTURE_PASSWORD,
  });
  expect(login.status).toBe(200);
  const { body } = await client.get('/api/documents');
  expect(body.items.length).toBeGreaterThan(0);
  const pdf = await client.get(`/api/documents/${body.items[0].id}`);
  expect(pdf.status).toBe(200);
  expect(pdf.text.startsWith('%PDF-')).toBe(true);
}

describe('npm start', () => {
  it(
    'sets development when NODE_ENV is unset and says so; a NODE_ENV given always wins',
    { timeout: 240_000 },
    async () => {
      const dev = await npmStart({});
      try {
        expect(dev.out()).toMatch(/NODE_ENV non défini : mode développement/);
        expect((await new Agent(dev.base).get('/dev/clock')).status).toBe(200);
      } finally {
        await dev.stop();
      }
      const prod = await npmStart({ NODE_ENV: 'production' });
      try {
        expect(prod.out()).not.toMatch(/NODE_ENV non défini/);
        expect((await new Agent(prod.base).get('/dev/clock')).status).toBe(404);
        expect((await new Agent(prod.base).get('/api/health')).status).toBe(200);
        await bundleWorks(prod.base);
      } finally {
        await prod.stop();
      }
    },
  );
});
