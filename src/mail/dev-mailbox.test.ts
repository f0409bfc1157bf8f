import { describe, expect, it } from 'vitest';
import { networkInterfaces } from 'node:os';
import { Agent, startTestApp } from '../../test/harness';

const PATHS = ['/dev/mailbox', '/dev/mailbox.json'];

/** This machine's first non-loopback IPv4 address: a request to it arrives from it, not from 127.0.0.1. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

async function statuses(agent: Agent, headers: Record<string, string> = {}) {
  return Promise.all(PATHS.map(async (path) => (await agent.get(path, headers)).status));
}

describe('dev mailbox: loopback clients only', () => {
  it.skipIf(!lanAddress)('refuses a client on another address, whatever it forwards', async () => {
    const app = await startTestApp({ HOST: '0.0.0.0' });
    try {
      const local = new Agent(`http://127.0.0.1:${app.port}`);
      expect(await statuses(local)).toEqual([200, 200]);
      const remote = new Agent(`http://${lanAddress}:${app.port}`);
      expect(await statuses(remote)).toEqual([404, 404]);
      // Without TRUST_PROXY, X-Forwarded-For is the client's own claim: ignored.
      expect(await statuses(remote, { 'x-forwarded-for': '127.0.0.1' })).toEqual([404, 404]);
      const res = await remote.get('/dev/mailbox.json');
      expect(res.body.error.code).toBe('not_found');
    } finally {
      await app.stop();
    }
  });

  it('never takes a forwarded address for a local one, even behind a trusted proxy', async () => {
    const app = await startTestApp({ TRUST_PROXY: 'true' });
    try {
      const agent = app.anon();
      expect(await statuses(agent, { 'x-forwarded-for': '203.0.113.9, 127.0.0.1' })).toEqual([
        404, 404,
      ]);
      expect(await statuses(agent, { 'x-forwarded-for': '::ffff:10.1.2.3' })).toEqual([404, 404]);
      // A proxy on this machine would make every client look local (API.md « Other »).
      expect(await statuses(agent, { 'x-forwarded-for': '127.0.0.1' })).toEqual([404, 404]);
      expect(await statuses(agent, { 'x-forwarded-for': '::1' })).toEqual([404, 404]);
      expect(await statuses(agent)).toEqual([200, 200]); // no header: the socket's own address
    } finally {
      await app.stop();
    }
  });
});
