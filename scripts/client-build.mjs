// Builds the client with Vite when dist/client is missing or older than its sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const marker = join(root, 'dist/client/index.html');

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** True when the client build is missing or a source is newer than it. */
export function clientBuildIsStale() {
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  const sources = ['client', 'vite.config.ts', 'package-lock.json', 'src/realtime/protocol.ts']
    .map((p) => join(root, p))
    .filter(existsSync);
  return sources.some((p) => newestMtime(p) > built);
}

export async function buildClientIfStale() {
  if (!clientBuildIsStale()) return false;
  console.log('Construction du client (Vite)…');
  const { build } = await import('vite');
  const nodeEnv = process.env.NODE_ENV; // Vite's build sets it to production in this process
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  if (nodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = nodeEnv;
  return true;
}
