import { and, desc, eq, gt, lt, sql } from 'drizzle-orm';
import { preparedPer } from '../db/prepared';
import type { Platform } from '../platform';
import type { Tx } from '../db/client';
import {
  emailVerificationTokens,
  loginFailures,
  users,
  type Gender,
  type User,
} from '../db/schema';
import { openCheckingAccountTx } from '../accounts/service';
import {
  createPrivateConversationTx,
  joinStaffGroupTx,
  pickAdvisorTx,
} from '../chat/conversations';
import { announceClientConversation } from '../chat/service';
import { accountExistsMail, verificationMail } from '../mail/templates';
import { sendMail } from '../mail/outbox';
import { hashToken } from './tokens';
import { sendLinkMail } from './link-mail';
import { saveClientProfileTx, type ProfileInput } from '../users/profile';
import { startOnboardingTx } from '../users/onboarding';

const HOUR = 3_600_000;
export const VERIFICATION_TTL_MS = 24 * HOUR;
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_MAX_FAILURES = 10;

export type RegisterInput = ProfileInput & {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
};

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function findUserByEmail(p: Platform, email: string) {
  return p.db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .get();
}

/**
 * Issues a fresh single-use link (only its hash is stored) and queues its mail,
 * in one transaction; nothing when the address had its share of mails this hour.
 */
export function sendVerificationEmail(p: Platform, user: Pick<User, 'id' | 'email' | 'firstName'>) {
  sendLinkMail(p, user, {
    table: emailVerificationTokens,
    path: '/verify-email',
    ttlMs: VERIFICATION_TTL_MS,
    mail: verificationMail,
  });
}

/**
 * A client with their advisor (the one with the fewest clients), their private
 * conversation and their checking account, in the caller's transaction.
 */
// Prepared once: seeding 5,000 clients built and compiled this insert 5,000 times (~2 s of CPU).
const clientStatements = preparedPer((db) => ({
  insert: db
    .insert(users)
    .values({
      email: sql.placeholder('email'),
      passwordHash: sql.placeholder('passwordHash'),
      firstName: sql.placeholder('firstName'),
      lastName: sql.placeholder('lastName'),
      // Raw: a null would go through the timestamp encoder (null.getTime()); bound as ms or null.
      emailVerifiedAt: sql`${sql.placeholder('emailVerifiedAtMs')}`,
      role: 'client',
      advisorId: sql.placeholder('advisorId'),
      createdAt: sql.placeholder('createdAt'),
    })
    .returning()
    .prepare(),
}));

/** Who a new user is, whatever their role; the password is already hashed. */
type NewUser = Pick<User, 'email' | 'passwordHash' | 'firstName' | 'lastName'>;

export function createClientTx(
  tx: Tx,
  input: NewUser & { emailVerifiedAt?: Date | null },
  now: Date,
  opts: { advisorId?: number; balanceCents?: number } = {},
) {
  const advisorId = opts.advisorId ?? pickAdvisorTx(tx);
  const created = clientStatements(tx).insert.get({
    ...input,
    emailVerifiedAtMs: input.emailVerifiedAt?.getTime() ?? null,
    email: normalizeEmail(input.email),
    advisorId: advisorId ?? null,
    createdAt: now,
  })!;
  if (advisorId) createPrivateConversationTx(tx, created, advisorId, now);
  openCheckingAccountTx(tx, created.id, now, opts.balanceCents);
  return created;
}

/** An advisor or the director, member of the staff group. */
export function createStaffTx(
  tx: Tx,
  input: NewUser & { role: 'advisor' | 'director'; gender?: Gender | null },
  now: Date,
) {
  const created = tx
    .insert(users)
    .values({ ...input, email: normalizeEmail(input.email), emailVerifiedAt: now, createdAt: now })
    .returning()
    .get();
  joinStaffGroupTx(tx, created.id, now);
  return created;
}

/**
 * Creates a client with their advisor, private conversation and checking account,
 * then mails the confirmation link. Says nothing about whether the email existed.
 */
export async function registerClient(p: Platform, input: RegisterInput): Promise<void> {
  const email = normalizeEmail(input.email);
  // Hashed whether or not the address is taken, so both answers cost the same.
  const passwordHash = await p.hasher.hash(input.password);
  const existing = findUserByEmail(p, email);
  if (existing) return notifyExistingAccount(p, existing);
  const now = p.clock.now();
  let user: User;
  try {
    user = p.db.transaction((tx) => {
      const { firstName, lastName } = input;
      const created = createClientTx(tx, { email, passwordHash, firstName, lastName }, now);
      saveClientProfileTx(tx, created.id, input, now);
      startOnboardingTx(tx, created.id, now);
      return created;
    });
  } catch (err) {
    // Two sign-ups racing for one address: the loser is answered like any duplicate.
    const raced = await findUserByEmail(p, email);
    if (raced) return notifyExistingAccount(p, raced);
    throw err;
  }
  await announceClientConversation(p, user.id); // committed: the advisor's inbox can show it live
  sendVerificationEmail(p, user);
}

function notifyExistingAccount(p: Platform, user: User) {
  if (!user.emailVerifiedAt) return sendVerificationEmail(p, user);
  const loginUrl = new URL('/connexion', p.config.appUrl).toString();
  sendMail(p, user.email, () => accountExistsMail(user.email, user.firstName, loginUrl));
}

/** Consumes a confirmation token: the user is verified, or null when it is unknown, used or expired. */
export async function verifyEmailToken(p: Platform, token: string): Promise<User | null> {
  const now = p.clock.now();
  return p.db.transaction((tx) => {
    const row = tx
      .delete(emailVerificationTokens)
      .where(eq(emailVerificationTokens.id, hashToken(token)))
      .returning()
      .get();
    if (!row || row.expiresAt.getTime() <= now.getTime()) return null;
    const user = tx.select().from(users).where(eq(users.id, row.userId)).get();
    if (!user) return null;
    if (user.emailVerifiedAt) return user;
    return tx
      .update(users)
      .set({ emailVerifiedAt: now })
      .where(eq(users.id, user.id))
      .returning()
      .get()!;
  });
}

/** A fresh link for an unverified account; nothing otherwise (the caller answers the same). */
export async function resendVerification(p: Platform, email: string) {
  const user = findUserByEmail(p, email);
  if (user && !user.emailVerifiedAt) sendVerificationEmail(p, user);
}

export type LoginResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid_credentials' | 'email_not_verified' }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

// Compared against when the email is unknown, so both paths cost one scrypt.
let dummyHash: Promise<string> | undefined;

/** Checks a password, counting failures per email in the database (10 per 15 minutes). */
export async function attemptLogin(
  p: Platform,
  emailInput: string,
  password: string,
): Promise<LoginResult> {
  const email = normalizeEmail(emailInput);
  const now = p.clock.now().getTime();
  const since = new Date(now - LOGIN_WINDOW_MS);
  const recent = await p.db
    .select({ at: loginFailures.at })
    .from(loginFailures)
    .where(and(eq(loginFailures.email, email), gt(loginFailures.at, since)))
    .orderBy(desc(loginFailures.at))
    .limit(LOGIN_MAX_FAILURES)
    .all();
  if (recent.length >= LOGIN_MAX_FAILURES) {
    // Allowed again once the oldest of the last ten failures leaves the window.
    const wait = recent[LOGIN_MAX_FAILURES - 1].at.getTime() + LOGIN_WINDOW_MS - now;
    return {
      ok: false,
      reason: 'rate_limited',
      retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)),
    };
  }
  const user = await findUserByEmail(p, email);
  dummyHash ??= p.hasher.hash('dummy password for timing');
  const valid = await p.hasher.verify(user?.passwordHash ?? (await dummyHash), password);
  if (!user || !valid) {
    await p.db.insert(loginFailures).values({ email, at: new Date(now) });
    await p.db.delete(loginFailures).where(lt(loginFailures.at, since)); // keep the table small
    return { ok: false, reason: 'invalid_credentials' };
  }
  if (!user.emailVerifiedAt) return { ok: false, reason: 'email_not_verified' };
  await p.db.delete(loginFailures).where(eq(loginFailures.email, email));
  return { ok: true, user };
}

export async function findAdvisor(p: Platform, user: User) {
  if (!user.advisorId) return null;
  return (await p.db.select().from(users).where(eq(users.id, user.advisorId)).get()) ?? null;
}
