import { defineConfig } from 'vitest/config';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';

// Tests that run inside workerd (the Bank and Gateway Durable Objects), with wrangler.toml's bindings.
export default defineConfig({
  plugins: [
    cloudflareTest({
      main: './src/hosts/worker/index.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: { bindings: { NODE_ENV: 'development', SSE_HEARTBEAT_MS: '200' } },
    }),
  ],
  test: {
    include: ['test/worker/**/*.test.ts'],
    globalSetup: ['test/worker/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
