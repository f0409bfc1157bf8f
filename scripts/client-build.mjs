// Builds the client with Vite when dist/client is missing or older than its sources.
import { join } from 'node:path';
import { precompress } from './precompress.mjs';
import { isStale, root } from './stale.mjs';

/** True when the client build is missing or a source is newer than it. */
export function clientBuildIsStale() {
  return isStale('dist/client/index.html', [
    'client',
    'vite.config.ts',
    'package-lock.json',
    'src/realtime/protocol.ts',
    'scripts/precompress.mjs',
  ]);
}

export async function buildClientIfStale() {
  if (!clientBuildIsStale()) return false;
  console.log('Construction du client (Vite)…');
  const { build } = await import('vite');
  const nodeEnv = process.env.NODE_ENV; // Vite's build sets it to production in this process
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  precompress(join(root, 'dist/client'));
  if (nodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = nodeEnv;
  return true;
}
