/**
 * Passkeys (WebAuthn) through @simplewebauthn/server: registration, sign-in
 * with a discoverable credential, and the assertions strong authentication
 * binds to an operation. User verification is required everywhere; counters
 * and backup flags are stored and checked (a counter going back is a cloned
 * authenticator: refused and logged).
 */
import { and, count, eq, lt } from 'drizzle-orm';
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import type { Context } from 'hono';
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Platform } from '../platform';
import type { User } from '../db/schema';
import { passkeys, webauthnCeremonies } from './schema';

// @simplewebauthn/server and its ASN.1/X.509 stack are ~0.6 MB of code: loaded at the first
// passkey ceremony, not by every server start.
let library: Promise<typeof import('@simplewebauthn/server')> | undefined;
export const loadWebAuthn = () => (library ??= import('@simplewebauthn/server'));

export const CEREMONY_TTL_MS = 5 * 60_000;
export type Passkey = typeof passkeys.$inferSelect;

/**
 * The relying party a request speaks to: APP_URL's host, or the host the page
 * was opened at (the Origin rule accepts both; a browser refuses an RP id that
 * is not its page's domain). State-changing requests always carry a checked Origin.
 */
export type RelyingParty = { id: string; origin: string };
export function relyingParty(c: Context): RelyingParty {
  const origin = c.req.header('origin') ?? c.req.url;
  return { id: new URL(origin).hostname, origin: new URL(origin).origin };
}

export const passkeyView = (k: Passkey) => ({
  id: k.id,
  name: k.name,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
});

export const listPasskeys = (p: Platform, userId: number) =>
  p.db.select().from(passkeys).where(eq(passkeys.userId, userId)).orderBy(passkeys.id).all();

/** How many passkeys the user has (GET /api/me: the home offers one to whoever has none). */
export const countPasskeys = (p: Platform, userId: number) =>
  p.db.select({ n: count() }).from(passkeys).where(eq(passkeys.userId, userId)).get()?.n ?? 0;

const userHandle = (userId: number) => new TextEncoder().encode(`avenir-${userId}`);

/** The challenge a browser's clientDataJSON carries (base64url), or null when unreadable. */
function challengeOf(clientDataJSON: unknown): string | null {
  try {
    const data = JSON.parse(
      new TextDecoder().decode(decodeBase64urlIgnorePadding(String(clientDataJSON))),
    );
    return typeof data.challenge === 'string' ? data.challenge : null;
  } catch {
    return null;
  }
}

function storeCeremony(p: Platform, challenge: string, userId: number | null) {
  const now = p.clock.now().getTime();
  p.db
    .delete(webauthnCeremonies)
    .where(lt(webauthnCeremonies.expiresAt, new Date(now)))
    .run();
  p.db
    .insert(webauthnCeremonies)
    .values({ challenge, userId, expiresAt: new Date(now + CEREMONY_TTL_MS) })
    .run();
}

/** Takes a ceremony's challenge (one use); null when unknown, someone else's or expired. */
function takeCeremony(p: Platform, clientDataJSON: unknown, userId: number | null) {
  const challenge = challengeOf(clientDataJSON);
  if (!challenge) return null;
  const row = p.db
    .delete(webauthnCeremonies)
    .where(eq(webauthnCeremonies.challenge, challenge))
    .returning()
    .get();
  if (!row || row.userId !== userId || +row.expiresAt <= +p.clock.now()) return null;
  return challenge;
}

export async function registrationOptions(p: Platform, user: User, rp: RelyingParty) {
  const { generateRegistrationOptions } = await loadWebAuthn();
  const options = await generateRegistrationOptions({
    rpName: 'AVENIR',
    rpID: rp.id,
    userName: user.email,
    userDisplayName: `${user.firstName} ${user.lastName}`,
    userID: userHandle(user.id),
    attestationType: 'none',
    timeout: CEREMONY_TTL_MS,
    excludeCredentials: listPasskeys(p, user.id).map((k) => ({
      id: k.credentialId,
      transports: JSON.parse(k.transports) as AuthenticatorTransportFuture[],
    })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  storeCeremony(p, options.challenge, user.id);
  return options;
}

/** Verifies a new credential against the user's pending ceremony and stores it; null: refused. */
export async function registerPasskey(
  p: Platform,
  user: User,
  rp: RelyingParty,
  name: string,
  response: RegistrationResponseJSON,
) {
  const challenge = takeCeremony(p, response?.response?.clientDataJSON, user.id);
  if (!challenge) return null;
  const { verifyRegistrationResponse } = await loadWebAuthn();
  try {
    const { verified, registrationInfo: info } = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
    if (!verified || !info) return null;
    return (
      p.db
        .insert(passkeys)
        .values({
          userId: user.id,
          credentialId: info.credential.id,
          publicKey: encodeBase64urlNoPadding(info.credential.publicKey),
          counter: info.credential.counter,
          transports: JSON.stringify(info.credential.transports ?? []),
          deviceType: info.credentialDeviceType,
          backedUp: info.credentialBackedUp,
          name,
          createdAt: p.clock.now(),
        })
        .onConflictDoNothing()
        .returning()
        .get() ?? null
    );
  } catch {
    return null;
  }
}

export function deletePasskey(p: Platform, userId: number, id: number) {
  return !!p.db
    .delete(passkeys)
    .where(and(eq(passkeys.id, id), eq(passkeys.userId, userId)))
    .returning()
    .get();
}

export async function signInOptions(p: Platform, rp: RelyingParty) {
  const { generateAuthenticationOptions } = await loadWebAuthn();
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    userVerification: 'required',
    timeout: CEREMONY_TTL_MS,
  });
  storeCeremony(p, options.challenge, null);
  return options;
}

/**
 * Checks an assertion made by one of the user's passkeys (any user's when
 * `userId` is null: passkey sign-in) for `challenge`; updates its counter,
 * backup state and last use. Null: refused (a cloned authenticator is logged).
 */
export async function verifyAssertion(
  p: Platform,
  rp: RelyingParty,
  response: AuthenticationResponseJSON,
  challenge: string,
  userId: number | null,
): Promise<Passkey | null> {
  const key = p.db
    .select()
    .from(passkeys)
    .where(eq(passkeys.credentialId, String(response?.id)))
    .get();
  if (!key || (userId !== null && key.userId !== userId)) return null;
  const handle = response.response?.userHandle;
  if (handle && handle !== encodeBase64urlNoPadding(userHandle(key.userId))) return null;
  const { verifyAuthenticationResponse } = await loadWebAuthn();
  try {
    const { verified, authenticationInfo: info } = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: {
        id: key.credentialId,
        publicKey: new Uint8Array(decodeBase64urlIgnorePadding(key.publicKey)),
        counter: key.counter,
        transports: JSON.parse(key.transports),
      },
    });
    // Backup eligibility is fixed when a credential is made: a change means another authenticator.
    if (!verified || info.credentialDeviceType !== key.deviceType) return null;
    return p.db
      .update(passkeys)
      .set({
        counter: info.newCounter,
        backedUp: info.credentialBackedUp,
        lastUsedAt: p.clock.now(),
      })
      .where(eq(passkeys.id, key.id))
      .returning()
      .get()!;
  } catch (err) {
    if (/counter/i.test(String((err as Error)?.message)))
      console.warn(
        `[security] passkey ${key.id} of user ${key.userId}: signature counter went back (cloned authenticator?); refused`,
      );
    return null;
  }
}

/** Passkey sign-in: the assertion must answer a pending sign-in ceremony. */
export async function signInWithPasskey(
  p: Platform,
  rp: RelyingParty,
  response: AuthenticationResponseJSON,
) {
  const challenge = takeCeremony(p, response?.response?.clientDataJSON, null);
  if (!challenge) return null;
  return verifyAssertion(p, rp, response, challenge, null);
}
