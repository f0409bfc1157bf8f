import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: ['./src/db/schema.ts', './src/ledger/schema.ts', './src/transfers/schema.ts'],
  out: './migrations',
});
