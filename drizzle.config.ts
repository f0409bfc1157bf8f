import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts', // the barrel: re-exports each feature's own
  out: './migrations',
});
