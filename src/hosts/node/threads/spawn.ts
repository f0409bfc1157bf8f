import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts one of this folder's thread modules. The compiled server has them as JavaScript beside
 * its bundle (scripts/server-build.mjs builds each as an entry of its own); from the sources
 * (tests, `npm run dev`) the thread loads its TypeScript through tsx first.
 */
export function startThread(name: 'wal-sync' | 'checkpoint', options: WorkerOptions): Worker {
  if (import.meta.url.endsWith('.js'))
    return new Worker(new URL(`./${name}-thread.js`, import.meta.url), options);
  const source = new URL(`./${name}-thread.ts`, import.meta.url).href;
  const tsxRoot = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsx = pathToFileURL(join(dirname(tsxRoot), 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => m.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`;
  return new Worker(boot, { ...options, eval: true });
}
