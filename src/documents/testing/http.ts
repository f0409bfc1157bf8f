/** What the documents' tests do over HTTP: download bytes with a session, hash them. */
import { createHash } from 'node:crypto';
import type { Agent } from '../../../test/harness';

export const download = async (a: Agent, path: string) => {
  const res = await fetch(a.base + path, { headers: { cookie: a.cookie } });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
};
export const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
export const checkingOf = async (a: Agent) =>
  (await a.get('/api/accounts')).body.items.find((x: { type: string }) => x.type === 'checking');
