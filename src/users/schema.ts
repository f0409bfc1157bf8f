import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from '../db/columns';

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

export type User = typeof users.$inferSelect;

export const CIVILITIES = ['madame', 'monsieur'] as const;
export type Civility = (typeof CIVILITIES)[number];

/** What a bank asks at sign-up besides the name (API.md « Auth »): one row per client. */
export const clientProfiles = sqliteTable('client_profiles', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  civility: text('civility', { enum: CIVILITIES }).notNull(),
  birthDate: text('birth_date').notNull(), // YYYY-MM-DD
  addressLine1: text('address_line1').notNull(),
  addressLine2: text('address_line2'),
  postalCode: text('postal_code').notNull(),
  city: text('city').notNull(),
  country: text('country').notNull(), // ISO 3166 alpha-2
  phone: text('phone').notNull(), // E.164
  termsAcceptedAt: integer('terms_accepted_at', { mode: 'timestamp_ms' }).notNull(),
});

export const ONBOARDING_STEPS = ['fund', 'notifications', 'passkey', 'advisor'] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

/**
 * The checklist a newcomer sees after the first sign-in: a row exists only for
 * those who signed up themselves (fixtures have none: nothing to show them).
 */
export const onboardingProgress = sqliteTable('onboarding_progress', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** Steps done, comma-separated (a handful of fixed names). */
  done: text('done').notNull().default(''),
  dismissedAt: integer('dismissed_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
});
