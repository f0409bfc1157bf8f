import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

export const ROLES = ['client', 'advisor', 'director'] as const;
export type Role = (typeof ROLES)[number];
/** Grammatical gender of a person's titles (« Conseillère », « Directrice »); null: not given. */
export const GENDERS = ['feminine', 'masculine'] as const;
export type Gender = (typeof GENDERS)[number];

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull().unique(),
    passwordHash: text('password_hash').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    gender: text('gender', { enum: GENDERS }),
    advisorId: integer('advisor_id').references((): any => users.id),
    emailVerifiedAt: integer('email_verified_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('users_advisor_idx').on(t.advisorId), index('users_role_idx').on(t.role)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(), // SHA-256 of the token, hex
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: createdAt(),
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

export const emailVerificationTokens = sqliteTable(
  'email_verification_tokens',
  {
    id: text('id').primaryKey(), // SHA-256 of the token, hex
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('evt_user_idx').on(t.userId)],
);

export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('login_failures_email_idx').on(t.email, t.at)],
);

export const ACCOUNT_TYPES = ['checking', 'savings', 'securities', 'bank'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/**
 * Every account of the ledger: a customer's checking / savings account (with an
 * IBAN), a customer's securities position (asset = a stock), or one of the
 * bank's own accounts (no user; `systemCode` names it: 'external', 'interest',
 * 'fees', …). Amounts are integers in the asset's unit: cents for 'EUR', shares
 * for a stock. `balance` and `held` are caches kept by src/ledger/post.ts.
 */
export const bankAccounts = sqliteTable(
  'bank_accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    iban: text('iban').unique(),
    label: text('label').notNull(),
    type: text('type', { enum: ACCOUNT_TYPES }).notNull(),
    /** 'EUR' or a stock's asset code (see src/ledger/assets.ts). */
    asset: text('asset').notNull().default('EUR'),
    balance: integer('balance').notNull().default(0),
    /** Reserved by open holds (stock orders); always the sum of the account's open holds. */
    held: integer('held').notNull().default(0),
    overdraftLimit: integer('overdraft_limit').notNull().default(0),
    /** Savings accounts only: the yearly rate in basis points (300 = 3.00 %). */
    rateBasisPoints: integer('rate_basis_points'),
    /** The bank's own accounts: 'external' (the world, SEPA), 'interest', 'fees', … */
    systemCode: text('system_code'),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('bank_accounts_user_idx').on(t.userId),
    uniqueIndex('bank_accounts_system_uq').on(t.systemCode, t.asset),
  ],
);

export const conversations = sqliteTable('conversations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind', { enum: ['private', 'group'] }).notNull(),
  title: text('title').notNull(),
  /** The client a private conversation belongs to; null for the group. */
  clientId: integer('client_id')
    .unique()
    .references(() => users.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
});

export const conversationMembers = sqliteTable(
  'conversation_members',
  {
    conversationId: integer('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lastReadMessageId: integer('last_read_message_id').notNull().default(0),
    joinedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.userId] }),
    index('members_user_idx').on(t.userId),
  ],
);

export const messages = sqliteTable(
  'messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conversationId: integer('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    senderId: integer('sender_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    clientId: text('client_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('messages_client_id_uq').on(t.conversationId, t.clientId),
    index('messages_conversation_idx').on(t.conversationId, t.id),
  ],
);

export const news = sqliteTable('news', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  authorId: integer('author_id')
    .notNull()
    .references(() => users.id),
  title: text('title').notNull(),
  body: text('body').notNull(),
  createdAt: createdAt(),
});

/** Staff send the first five; the bank itself sends the last three (sender null). */
export const NOTIFICATION_KINDS = [
  'info',
  'appointment',
  'document',
  'alert',
  'offer',
  'transfer',
  'savings',
  'trade',
  'security',
] as const;
export const STAFF_NOTIFICATION_KINDS = [
  'info',
  'appointment',
  'document',
  'alert',
  'offer',
] as const;

export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recipientId: integer('recipient_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Null when the bank itself sends it (a transfer received, a rate change, a trade). */
    senderId: integer('sender_id').references(() => users.id),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    readAt: integer('read_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_recipient_idx').on(t.recipientId, t.id)],
);

export const pushSubscriptions = sqliteTable(
  'push_subscriptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    endpoint: text('endpoint').notNull().unique(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('push_user_idx').on(t.userId)],
);

/**
 * The one events sequence: every published fact gets its row here in the same
 * transaction as its domain row. SSE ids and Last-Event-ID replay read from it.
 * `topic` says who may see it: 'all', 'user:<id>' or 'conversation:<id>'.
 */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    topic: text('topic').notNull(),
    type: text('type').notNull(),
    data: text('data').notNull(), // JSON
    createdAt: createdAt(),
  },
  (t) => [index('events_topic_idx').on(t.topic, t.id)],
);

/** Mails kept for the dev mailbox (only used when no SMTP_URL is set). */
export const devMails = sqliteTable('dev_mails', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  html: text('html').notNull(),
  createdAt: createdAt(),
});

/** Small key/value store for generated secrets such as the VAPID keys. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
