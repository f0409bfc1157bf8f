// Compiles the Node host to JavaScript with esbuild (dist/server/entry.js and seed-cli.js) when
// the bundle is missing or older than its sources, so the serving process loads no TypeScript
// loader. Pure-JS packages (hono, drizzle-orm, zod, ws…) are bundled: loading ~750 module files at
// start cost ~0.2 s of CPU and a few MiB. better-sqlite3 (native) stays external, and so do
// nodemailer and web-push, which the server loads only at their first use; pdf-lib and
// @simplewebauthn/server, imported dynamically too, become chunks of their own (1.4 MB of code
// that serving loads at its first PDF or passkey ceremony, not at start).
// `node scripts/server-build.mjs` builds if stale.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isStale, root } from './stale.mjs';

const MARKER = 'dist/server/entry.js';

/** True when the server bundle is missing or a source is newer than it. */
export function serverBuildIsStale() {
  return isStale(MARKER, ['src', 'seed', 'package-lock.json', 'scripts/server-build.mjs']);
}

/**
 * zod re-exports its ~40 locales as a namespace (`z.locales`), which keeps all of them in the
 * bundle: 0.3 MB of code the server parses at start and never uses (its answers carry the
 * contract's own French messages). The bundle gets English, zod's default, alone.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(args.resolveDir, '../locales/en.js'), namespace: 'zod-english' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-english' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: root,
    }));
  },
};

export async function buildServerIfStale() {
  if (!serverBuildIsStale()) return false;
  console.log('Construction du serveur (esbuild)…');
  const { build } = await import('esbuild');
  rmSync(join(root, 'dist/server'), { recursive: true, force: true }); // no chunk of an old build
  await build({
    absWorkingDir: root,
    entryPoints: {
      entry: 'src/hosts/node/entry.ts',
      'seed-cli': 'src/hosts/node/seed-cli.ts',
      // the threads the server starts (src/hosts/node/threads/spawn.ts finds them beside it)
      'wal-sync-thread': 'src/hosts/node/threads/wal-sync-thread.ts',
      'checkpoint-thread': 'src/hosts/node/threads/checkpoint-thread.ts',
    },
    outdir: join(root, 'dist/server'),
    bundle: true,
    splitting: true, // the two entries share one chunk
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['better-sqlite3', 'nodemailer', 'web-push'],
    // bundled CommonJS packages (ws) call require() for Node's built-ins
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    sourcemap: true,
    // Whitespace and syntax only (names kept, for readable stack traces): 1.45 → 1.05 MB of
    // source that V8 scans at start and keeps as strings; serving RSS after start −1.5 MiB.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    plugins: [zodEnglishOnly],
  });
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await buildServerIfStale();
