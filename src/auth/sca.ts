/**
 * Strong customer authentication with dynamic linking (PSD2): a challenge is
 * made for one action and its details; the passkey assertion must sign a
 * WebAuthn challenge derived from them, and the e-mailed code is bound to the
 * challenge row that holds them. One use, 5 minutes, 5 wrong codes kill it.
 */
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { sha256 } from '@oslojs/crypto/sha2';
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import type { Platform } from '../platform';
import type { User } from '../db/schema';
import { sendMail } from '../mail/outbox';
import { scaCodeMail } from '../mail/templates';
import { compactIban, groupIban } from '../accounts/iban';
import { formatEuros } from '../transfers/money-format';
import { authFailures, passkeys, scaChallenges } from './schema';
import { hashToken } from './tokens';
import { listPasskeys, loadWebAuthn, verifyAssertion, type RelyingParty } from './webauthn';

export const SCA_ACTIONS = [
  'beneficiary.add',
  'transfer',
  'scheduled_transfer',
  'passkey.add',
  'passkey.remove',
  'password.change',
] as const;
export type ScaAction = (typeof SCA_ACTIONS)[number];
export type ScaProof = { challengeId: string; passkey?: AuthenticationResponseJSON; code?: string };

export const SCA_TTL_MS = 5 * 60_000;
export const MAX_WRONG_CODES = 5;
const HOUR = 3_600_000;
export const SCA_LIMITS = {
  challenges: { limit: 60, windowMs: 10 * 60_000 },
  codeMails: { limit: 5, windowMs: HOUR },
  failures: { limit: 10, windowMs: HOUR },
};

type Details = Record<string, string | number>;

/** The details as compared: IBANs compacted and upper-cased, keys sorted. */
export function canonicalDetails(action: ScaAction, details: Details): string {
  const d: Details = { ...details };
  if (typeof d.iban === 'string') d.iban = compactIban(d.iban);
  if (typeof d.toIban === 'string') d.toIban = compactIban(d.toIban);
  if (typeof d.name === 'string') d.name = d.name.trim();
  const sorted = Object.keys(d)
    .sort()
    .map((k) => [k, d[k]]);
  return JSON.stringify([action, Object.fromEntries(sorted)]);
}

/** The French sentence the user approves. */
function summarize(action: ScaAction, d: Details, passkeyName?: string): string {
  switch (action) {
    case 'beneficiary.add':
      return `Ajout du bénéficiaire ${d.name}, ${groupIban(String(d.iban))}`;
    case 'transfer':
      return `Virement de ${formatEuros(Number(d.amountCents))} vers ${groupIban(String(d.toIban))}`;
    case 'scheduled_transfer':
      return `Virement permanent de ${formatEuros(Number(d.amountCents))} vers ${groupIban(String(d.toIban))}`;
    case 'passkey.add':
      return 'Ajout d’une clé d’accès à votre espace AVENIR';
    case 'passkey.remove':
      return `Suppression de la clé d’accès « ${passkeyName} »`;
    case 'password.change':
      return 'Changement de votre mot de passe';
  }
}

const ACTION_NAMES: Record<ScaAction, string> = {
  'beneficiary.add': 'l’ajout d’un bénéficiaire',
  transfer: 'ce virement',
  scheduled_transfer: 'ce virement permanent',
  'passkey.add': 'l’ajout d’une clé d’accès',
  'passkey.remove': 'la suppression d’une clé d’accès',
  'password.change': 'le changement de mot de passe',
};
export const actionName = (action: ScaAction) => ACTION_NAMES[action];

const webauthnChallenge = (id: string, canonical: string) =>
  encodeBase64urlNoPadding(sha256(new TextEncoder().encode(`avenir-sca\n${id}\n${canonical}`)));

export type ChallengeView = {
  id: string;
  action: ScaAction;
  summary: string;
  methods: ('passkey' | 'email_code')[];
  publicKey?: PublicKeyCredentialRequestOptionsJSON;
  expiresAt: string;
};

type Refusal = {
  ok: false;
  status: 403 | 404 | 429;
  code: string;
  message?: string;
  retryAfterMs?: number;
};

/** A new challenge for `action` and `details` (validated by the route). */
export async function createChallenge(
  p: Platform,
  user: User,
  rp: RelyingParty,
  action: ScaAction,
  details: Details,
): Promise<{ ok: true; challenge: ChallengeView } | Refusal> {
  const hit = p.limiter.hit(
    `sca:challenge:${user.id}`,
    SCA_LIMITS.challenges.limit,
    SCA_LIMITS.challenges.windowMs,
  );
  if (!hit.ok)
    return { ok: false, status: 429, code: 'rate_limited', retryAfterMs: hit.retryAfterMs };
  let passkeyName: string | undefined;
  if (action === 'passkey.remove') {
    const key = p.db
      .select()
      .from(passkeys)
      .where(and(eq(passkeys.id, Number(details.passkeyId)), eq(passkeys.userId, user.id)))
      .get();
    if (!key) return { ok: false, status: 404, code: 'not_found' };
    passkeyName = key.name;
  }
  const now = p.clock.now();
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  const id = encodeBase64urlNoPadding(bytes);
  const canonical = canonicalDetails(action, details);
  const summary = summarize(action, details, passkeyName);
  const keys = listPasskeys(p, user.id);
  const expiresAt = new Date(+now + SCA_TTL_MS);
  const challenge = webauthnChallenge(id, canonical);
  p.db
    .delete(scaChallenges)
    .where(lt(scaChallenges.expiresAt, new Date(+now - HOUR)))
    .run();
  p.db
    .insert(scaChallenges)
    .values({
      id,
      userId: user.id,
      action,
      details: canonical,
      summary,
      webauthnChallenge: challenge,
      expiresAt,
      createdAt: now,
    })
    .run();
  const view: ChallengeView = {
    id,
    action,
    summary,
    methods: keys.length ? ['passkey', 'email_code'] : ['email_code'],
    expiresAt: expiresAt.toISOString(),
  };
  if (keys.length) {
    const { generateAuthenticationOptions } = await loadWebAuthn();
    view.publicKey = await generateAuthenticationOptions({
      rpID: rp.id,
      challenge: new Uint8Array(decodeBase64urlIgnorePadding(challenge)),
      allowCredentials: keys.map((k) => ({
        id: k.credentialId,
        transports: JSON.parse(k.transports),
      })),
      userVerification: 'required',
      timeout: SCA_TTL_MS,
    });
  }
  return { ok: true, challenge: view };
}

/** A challenge still usable: the user's, unused, unexpired, not killed by wrong codes. */
function liveChallenge(p: Platform, userId: number, id: string) {
  const row = p.db
    .select()
    .from(scaChallenges)
    .where(and(eq(scaChallenges.id, id), eq(scaChallenges.userId, userId)))
    .get();
  if (!row) return { row: null, live: false };
  const live = !row.usedAt && +row.expiresAt > +p.clock.now() && row.wrongCodes < MAX_WRONG_CODES;
  return { row, live };
}

function randomCode(): string {
  const buf = new Uint32Array(1);
  do crypto.getRandomValues(buf);
  while (buf[0] >= 4_294_000_000); // below a multiple of 10^6: every code equally likely
  return String(buf[0] % 1_000_000).padStart(6, '0');
}

const codeHash = (id: string, code: string) => hashToken(`sca-code:${id}:${code}`);

/** E-mails a fresh 6-digit code for a live challenge (it replaces an earlier one). */
export function sendChallengeCode(p: Platform, user: User, id: string): { ok: true } | Refusal {
  const { row, live } = liveChallenge(p, user.id, id);
  if (!row) return { ok: false, status: 404, code: 'not_found' };
  if (!live) return expired(row.action as ScaAction);
  const hit = p.limiter.hit(
    `sca:mail:${user.id}`,
    SCA_LIMITS.codeMails.limit,
    SCA_LIMITS.codeMails.windowMs,
  );
  if (!hit.ok)
    return { ok: false, status: 429, code: 'rate_limited', retryAfterMs: hit.retryAfterMs };
  const code = randomCode();
  const queued = sendMail(p, user.email, (tx) => {
    tx.update(scaChallenges)
      .set({ codeHash: codeHash(id, code) })
      .where(eq(scaChallenges.id, id))
      .run();
    return scaCodeMail(user.email, user.firstName, code, row.summary);
  });
  if (!queued)
    return {
      ok: false,
      status: 429,
      code: 'rate_limited',
      message: 'Trop d’e-mails envoyés à cette adresse. Réessayez plus tard.',
      retryAfterMs: HOUR,
    };
  return { ok: true };
}

const expired = (action: ScaAction): Refusal => ({
  ok: false,
  status: 403,
  code: 'sca_required',
  message: `Authentification forte requise pour ${actionName(action)} : la demande de confirmation a expiré ou a déjà servi.`,
});

function recentFailures(p: Platform, userId: number, kind: 'sca' | 'password', windowMs: number) {
  const since = new Date(+p.clock.now() - windowMs);
  const rows = p.db
    .select({ at: authFailures.at })
    .from(authFailures)
    .where(
      and(eq(authFailures.userId, userId), eq(authFailures.kind, kind), gt(authFailures.at, since)),
    )
    .orderBy(authFailures.at)
    .all();
  return rows.map((r) => +r.at);
}

/** Null while under `limit` failures in the window, else how long until the oldest leaves it. */
export function lockedFor(
  p: Platform,
  userId: number,
  kind: 'sca' | 'password',
  limit: number,
  windowMs: number,
) {
  const at = recentFailures(p, userId, kind, windowMs);
  if (at.length < limit) return null;
  return Math.max(1000, at[at.length - limit] + windowMs - +p.clock.now());
}

export function recordFailure(p: Platform, userId: number, kind: 'sca' | 'password') {
  const now = p.clock.now();
  p.db
    .delete(authFailures)
    .where(lt(authFailures.at, new Date(+now - HOUR)))
    .run();
  p.db.insert(authFailures).values({ userId, kind, at: now }).run();
}

/**
 * Checks a proof for exactly `action` and `details`, and spends the challenge
 * when it holds. Refusals: sca_required (none, expired, used), sca_failed
 * (other details, wrong code or assertion), rate_limited.
 */
export async function verifyProof(
  p: Platform,
  user: User,
  rp: RelyingParty,
  action: ScaAction,
  details: Details,
  proof: ScaProof | undefined,
): Promise<{ ok: true } | (Refusal & { remainingAttempts?: number })> {
  if (!proof?.challengeId)
    return {
      ...expired(action),
      message: `Authentification forte requise pour ${actionName(action)}.`,
    };
  const lock = lockedFor(
    p,
    user.id,
    'sca',
    SCA_LIMITS.failures.limit,
    SCA_LIMITS.failures.windowMs,
  );
  if (lock) return { ok: false, status: 429, code: 'rate_limited', retryAfterMs: lock };
  const { row, live } = liveChallenge(p, user.id, proof.challengeId);
  if (!row || !live) return expired(action);
  if (row.action !== action || row.details !== canonicalDetails(action, details))
    return {
      ok: false,
      status: 403,
      code: 'sca_failed',
      message: 'Cette confirmation a été donnée pour une autre opération.',
    };
  let good = false;
  if (proof.passkey) {
    good = !!(await verifyAssertion(p, rp, proof.passkey, row.webauthnChallenge, user.id));
  } else if (proof.code && row.codeHash) {
    good = row.codeHash === codeHash(row.id, proof.code);
  }
  if (!good) {
    recordFailure(p, user.id, 'sca');
    if (!proof.passkey && proof.code) {
      const wrong = p.db
        .update(scaChallenges)
        .set({ wrongCodes: row.wrongCodes + 1 })
        .where(eq(scaChallenges.id, row.id))
        .returning()
        .get()!.wrongCodes;
      const remainingAttempts = Math.max(0, MAX_WRONG_CODES - wrong);
      const message = remainingAttempts
        ? `Code incorrect. Il vous reste ${remainingAttempts} essai${remainingAttempts > 1 ? 's' : ''}.`
        : 'Code incorrect. Cette demande de confirmation est annulée : recommencez.';
      return { ok: false, status: 403, code: 'sca_failed', message, remainingAttempts };
    }
    return { ok: false, status: 403, code: 'sca_failed', message: 'La confirmation a échoué.' };
  }
  // Spent once: a concurrent request with the same proof finds it used.
  const spent = p.db
    .update(scaChallenges)
    .set({ usedAt: p.clock.now() })
    .where(and(eq(scaChallenges.id, row.id), isNull(scaChallenges.usedAt)))
    .returning()
    .get();
  return spent ? { ok: true } : expired(action);
}
