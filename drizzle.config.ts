import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/*/schema.ts', // src/db/schema.ts and each feature's own
  out: './migrations',
});
