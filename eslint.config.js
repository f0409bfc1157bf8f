// `npm run lint`: one rule that keeps the app runtime-free (DESIGN.md, house rule 3).
// Only src/hosts/ may import what exists on one runtime alone; node:crypto (nodejs_compat) is fine anywhere.
import tseslint from 'typescript-eslint';

const MESSAGE = 'Runtime-specific: import it only under src/hosts/ (node or worker).';
const ONE_RUNTIME = ['better-sqlite3', 'ws', 'http', 'net', 'fs', 'worker_threads'].flatMap(
  (name) => (['ws', 'better-sqlite3'].includes(name) ? [name] : [name, `node:${name}`]),
);
const ONE_RUNTIME_PREFIXES =
  '^(@hono/node-server|cloudflare:|drizzle-orm/(better-sqlite3|durable-sqlite)|(node:)?fs/)';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.wrangler/**', 'migrations/**', 'bench/results/**'] },
  {
    files: ['src/**/*.ts', 'seed/**/*.ts'],
    ignores: ['src/hosts/**', '**/*.test.ts', '**/testing/**', '**/test-kit.ts'],
    languageOptions: { parser: tseslint.parser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ONE_RUNTIME.map((name) => ({ name, message: MESSAGE })),
          patterns: [{ regex: ONE_RUNTIME_PREFIXES, message: MESSAGE }],
        },
      ],
    },
  },
);
