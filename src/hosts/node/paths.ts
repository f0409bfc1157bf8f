import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project folder: the nearest folder above this module holding package.json.
 * Walking up works from the sources (src/hosts/node/, under tsx or vitest) and
 * from the compiled bundle (dist/server/), whose depths differ.
 */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`package.json introuvable au-dessus de ${from}`);
  }
}

export const ROOT = projectRoot(dirname(fileURLToPath(import.meta.url)));
export const MIGRATIONS_DIR = resolve(ROOT, 'migrations');
export const CLIENT_DIST = resolve(ROOT, 'dist/client');
