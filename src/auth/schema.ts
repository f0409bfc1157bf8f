import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../users/schema';
import { createdAt } from '../db/columns';

/** What sessions and e-mailed links share: a token kept only as its hash, for a user, until a date. */
const tokenColumns = () => ({
  id: text('id').primaryKey(), // SHA-256 of the token, hex
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  createdAt: createdAt(),
});

export const sessions = sqliteTable(
  'sessions',
  {
    ...tokenColumns(),
    /** How it was opened, and where from (« Appareils connectés »). */
    method: text('method', { enum: ['password', 'passkey', 'email_link'] })
      .notNull()
      .default('password'),
    userAgent: text('user_agent').notNull().default(''),
    ipMasked: text('ip_masked').notNull().default(''),
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * A table of single-use e-mailed links (only the SHA-256 of the token stored):
 * e-mail verification and password reset share its shape.
 */
const linkTokens = (name: string, userIndex: string) =>
  sqliteTable(name, tokenColumns(), (t) => [index(userIndex).on(t.userId)]);
export type LinkTokens = ReturnType<typeof linkTokens>;

export const emailVerificationTokens = linkTokens('email_verification_tokens', 'evt_user_idx');

/** Password-reset links: single use, one hour. */
export const passwordResetTokens = linkTokens('password_reset_tokens', 'password_reset_user_idx');

export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('login_failures_email_idx').on(t.email, t.at)],
);

export type Session = typeof sessions.$inferSelect;

/** A user's passkeys (WebAuthn credentials), as @simplewebauthn/server hands them over. */
export const passkeys = sqliteTable(
  'passkeys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    credentialId: text('credential_id').notNull().unique(), // base64url
    publicKey: text('public_key').notNull(), // COSE key, base64url
    counter: integer('counter').notNull(),
    transports: text('transports').notNull().default('[]'), // JSON array
    /** singleDevice | multiDevice: fixed for a credential's life (backup eligibility). */
    deviceType: text('device_type').notNull(),
    backedUp: integer('backed_up', { mode: 'boolean' }).notNull(),
    name: text('name').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('passkeys_user_idx').on(t.userId)],
);

/**
 * A WebAuthn registration or sign-in ceremony in progress: the random challenge
 * the browser must sign (five minutes, one use). userId null: passkey sign-in.
 */
export const webauthnCeremonies = sqliteTable('webauthn_ceremonies', {
  challenge: text('challenge').primaryKey(), // base64url
  userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
});

/**
 * A strong-authentication challenge bound to one action and its details
 * (canonical JSON): one use, five minutes, five wrong codes.
 */
export const scaChallenges = sqliteTable(
  'sca_challenges',
  {
    id: text('id').primaryKey(), // random, base64url
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    details: text('details').notNull(), // canonical JSON
    summary: text('summary').notNull(),
    /** The WebAuthn challenge: SHA-256 of id, action and details (base64url). */
    webauthnChallenge: text('webauthn_challenge').notNull(),
    /** SHA-256 of id and the e-mailed code, hex; null until a code is sent. */
    codeHash: text('code_hash'),
    wrongCodes: integer('wrong_codes').notNull().default(0),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sca_challenges_user_idx').on(t.userId, t.createdAt)],
);

/** Failed strong authentications and step-up passwords, per user (kind sca | password). */
export const authFailures = sqliteTable(
  'auth_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['sca', 'password'] }).notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('auth_failures_user_idx').on(t.userId, t.kind, t.at)],
);

/** Devices (from the user agent) a user signed in from, for « Nouvelle connexion ». */
export const knownDevices = sqliteTable(
  'known_devices',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    device: text('device').notNull(), // SHA-256 of the user agent, hex
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.device] })],
);
