import { defineConfig } from 'vitest/config';

// The contract suite alone (AVENIR_HOST=worker points it at `npm run start:worker`).
export default defineConfig({
  test: {
    include: ['test/contract/**/*.contract.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false, // each file starts its own wrangler dev
  },
});
