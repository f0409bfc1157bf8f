import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: [
    './src/db/schema.ts',
    './src/ledger/schema.ts',
    './src/market/schema.ts',
    './src/savings/schema.ts',
  ],
  out: './migrations',
});
