/**
 * The barrel drizzle-kit reads (drizzle.config.ts): every feature keeps its
 * tables in its own schema.ts; this file only re-exports them, so that code
 * reaching for several features' tables has one import.
 */
export * from '../users/schema';
export * from '../auth/schema';
export * from '../accounts/schema';
export * from '../ledger/schema';
export * from '../transfers/schema';
export * from '../savings/schema';
export * from '../market/schema';
export * from '../chat/schema';
export * from '../feed/schema';
export * from '../notifications/schema';
export * from '../push/schema';
export * from '../documents/schema';
export * from '../staff/schema';
export * from '../mail/schema';
export * from '../http/schema';
export * from './settings';
