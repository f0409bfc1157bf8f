import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Small key/value store for generated secrets such as the VAPID keys. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
