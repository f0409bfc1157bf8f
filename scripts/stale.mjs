// The "stale?" check shared by the build scripts: a build is stale when its marker file is
// missing or any of its sources (files or folders, walked) is newer than it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(fileURLToPath(import.meta.url), '../..');

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  // Tests are never part of a build: editing one must not rebuild it under a running suite.
  for (const name of readdirSync(path))
    if (!name.endsWith('.test.ts')) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** True when `marker` (relative to the project) is missing or older than one of `sources`. */
export function isStale(marker, sources) {
  const built = join(root, marker);
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return sources
    .map((p) => join(root, p))
    .filter(existsSync)
    .some((p) => newestMtime(p) > builtAt);
}
