// wrangler's [build] step (dev and deploy): the client build, its `_headers`
// (the same security headers as the Node host) and migrations/migrations.js.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { buildClientIfStale } from './client-build.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');

/** The headers the app's own middleware sets, read off a real answer. */
async function securityHeaderLines() {
  const unregister = register();
  const { Hono } = await import('hono');
  const { securityHeaders } = await import('../src/http/security-headers.ts');
  unregister();
  const res = await new Hono()
    .use(securityHeaders)
    .get('*', (c) => c.text(''))
    .request('/');
  return [...res.headers].filter(([name]) => name !== 'content-type');
}

/** Workers Assets headers: every file gets the security headers; hashed assets are immutable. */
async function writeHeaders() {
  const lines = (await securityHeaderLines()).map(([k, v]) => `  ${k}: ${v}`);
  // As the app does: HSTS only when the public origin is https.
  if (process.env.APP_URL?.startsWith('https:'))
    lines.push('  Strict-Transport-Security: max-age=31536000; includeSubDomains');
  const text = [
    '/*',
    ...lines,
    '/assets/*',
    '  Cache-Control: public, max-age=31536000, immutable',
    '',
  ].join('\n');
  writeIfChanged(join(root, 'dist/client/_headers'), text);
}

/** Several hosts may start at once: never rewrite a file another is reading with the same bytes. */
function writeIfChanged(path, text) {
  let old = '';
  try {
    old = readFileSync(path, 'utf8');
  } catch {}
  if (old !== text) writeFileSync(path, text);
}

/** What drizzle-kit writes for `driver: 'durable-sqlite'`, rebuilt from the journal so it never lags. */
function writeMigrationsModule() {
  const dir = join(root, 'migrations');
  const journal = JSON.parse(readFileSync(join(dir, 'meta/_journal.json'), 'utf8'));
  const name = (e) => `m${String(e.idx).padStart(4, '0')}`;
  const js =
    "import journal from './meta/_journal.json';\n" +
    journal.entries.map((e) => `import ${name(e)} from './${e.tag}.sql';\n`).join('') +
    `\n  export default {\n    journal,\n    migrations: {\n      ${journal.entries.map(name).join(',\n')}\n    }\n  }\n  `;
  writeIfChanged(join(dir, 'migrations.js'), js);
}

await buildClientIfStale();
await writeHeaders();
writeMigrationsModule();
