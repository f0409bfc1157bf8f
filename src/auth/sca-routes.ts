/**
 * Strong customer authentication over HTTP: challenges (/api/sca), passkeys,
 * devices and the password change (/api/auth, beside authRoutes).
 */
import { Hono, type Context } from 'hono';
import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { requireUser } from '../http/middleware';
import { requiredText } from '../http/text';
import { idParam } from '../http/params';
import { sessions, users } from '../db/schema';
import { compactIban, isValidIban } from '../transfers/payee';
import { deleteSessionCookie } from './cookies';
import { boundedHashing } from './hash-gate';
import { invalidateSession } from './session';
import { endSessionById, listSessions } from './devices';
import { createChallenge, lockedFor, recordFailure, sendChallengeCode, SCA_ACTIONS } from './sca';
import { requireSca } from './sca-guard';
import {
  deletePasskey,
  listPasskeys,
  passkeyView,
  registerPasskey,
  registrationOptions,
  relyingParty,
  signInOptions,
  signInWithPasskey,
} from './webauthn';
import { signIn } from './routes';
import { MAX_AMOUNT_CENTS, PAYEE_NAME_MAX_CHARS } from '../transfers/limits';
import { PASSKEY_NAME_MAX_CHARS } from './limits';

const iban = z
  .string({ error: 'IBAN requis.' })
  .max(64, 'IBAN invalide.')
  .refine((v) => isValidIban(compactIban(v)), 'IBAN invalide.');
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const payment = z.object({
  fromAccountId: id,
  toIban: iban,
  amountCents: z.number().int().min(1).max(MAX_AMOUNT_CENTS),
});
const DETAILS = {
  'beneficiary.add': z.object({ name: requiredText('Nom', PAYEE_NAME_MAX_CHARS), iban }),
  transfer: payment,
  scheduled_transfer: payment,
  'passkey.add': z.object({}),
  'passkey.remove': z.object({ passkeyId: id }),
  'password.change': z.object({}),
};
const challengeSchema = z.object({
  action: z.enum(SCA_ACTIONS, { error: 'Action inconnue.' }),
  details: z.record(z.string(), z.unknown()).optional().default({}),
});

const PASSWORD_LOCK = { limit: 5, windowMs: 15 * 60_000 };
const PASSKEY_LOGINS = { limit: 30, windowMs: 10 * 60_000 };

function tooMany(c: Context, retryAfterMs: number, message?: string) {
  c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  return fail(c, 429, 'rate_limited', message);
}

type Refused = {
  ok: false;
  status: 403 | 404 | 429;
  code: string;
  message?: string;
  retryAfterMs?: number;
};
const refuse = (c: Context, r: Refused) =>
  r.status === 429
    ? tooMany(c, r.retryAfterMs ?? 1000, r.message)
    : fail(c, r.status, r.code, r.message);

/** Per client address too (many accounts behind one attacker): challenges and code e-mails. */
const PER_ADDRESS = { challenges: 300, codeMails: 60, windowMs: 10 * 60_000 };

/** POST /api/sca/challenges and /api/sca/challenges/:id/email. */
export const scaRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .use(async (c, next) => {
    const p = c.var.platform;
    const mail = c.req.path.endsWith('/email');
    const hit = p.limiter.hit(
      `sca:${mail ? 'mail' : 'challenge'}-address:${p.clientAddress(c)}`,
      mail ? PER_ADDRESS.codeMails : PER_ADDRESS.challenges,
      PER_ADDRESS.windowMs,
    );
    return hit.ok ? next() : tooMany(c, hit.retryAfterMs);
  })
  .post('/challenges', validate('json', challengeSchema), async (c) => {
    const { action, details } = c.req.valid('json');
    const parsed = DETAILS[action].safeParse(details);
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const i of parsed.error.issues) fields[`details.${i.path.join('.')}`] ??= i.message;
      return fail(c, 400, 'validation_failed', undefined, fields);
    }
    const p = c.var.platform;
    const made = await createChallenge(p, c.var.user, relyingParty(c), action, parsed.data);
    return made.ok ? c.json({ challenge: made.challenge }, 201) : refuse(c, made);
  })
  .post('/challenges/:id/email', async (c) => {
    const sent = sendChallengeCode(c.var.platform, c.var.user, c.req.param('id').slice(0, 64));
    return sent.ok ? c.json({ status: 'sent' }, 202) : refuse(c, sent);
  });

const sca = z.unknown().optional();
const passwordSchema = z.object({
  currentPassword: z.string({ error: 'Mot de passe actuel requis.' }).min(1).max(128),
  newPassword: z
    .string({ error: 'Nouveau mot de passe requis.' })
    .min(10, 'Au moins 10 caractères.')
    .max(128, 'Au plus 128 caractères.'),
  sca,
});
const response = z.looseObject({ id: z.string().max(2048), response: z.looseObject({}) });

/** Passkeys, devices and the password change, under /api/auth. */
export const securityRoutes = new Hono<AppEnv>()
  .post('/passkey/options', async (c) =>
    c.json({ publicKey: await signInOptions(c.var.platform, relyingParty(c)) }),
  )
  .post('/passkey/login', validate('json', z.object({ response })), async (c) => {
    const p = c.var.platform;
    const hit = p.limiter.hit(
      `passkey-login:${p.clientAddress(c)}`,
      PASSKEY_LOGINS.limit,
      PASSKEY_LOGINS.windowMs,
    );
    if (!hit.ok) return tooMany(c, hit.retryAfterMs);
    const key = await signInWithPasskey(p, relyingParty(c), c.req.valid('json').response as never);
    const user = key && p.db.select().from(users).where(eq(users.id, key.userId)).get();
    if (!user || !user.emailVerifiedAt)
      return fail(c, 401, 'invalid_credentials', 'Clé d’accès non reconnue.');
    return signIn(c, user, 'passkey');
  })
  .use('/passkeys/*', requireUser)
  .use('/passkeys', requireUser)
  .get('/passkeys', (c) =>
    c.json({ items: listPasskeys(c.var.platform, c.var.user!.id).map(passkeyView) }),
  )
  .post('/passkeys/options', async (c) =>
    c.json({ publicKey: await registrationOptions(c.var.platform, c.var.user!, relyingParty(c)) }),
  )
  .post(
    '/passkeys',
    validate(
      'json',
      z.object({ name: requiredText('Nom', PASSKEY_NAME_MAX_CHARS), response, sca }),
    ),
    async (c) => {
      const body = c.req.valid('json');
      const refused = await requireSca(c, 'passkey.add', {}, body.sca);
      if (refused) return refused;
      const p = c.var.platform;
      const key = await registerPasskey(
        p,
        c.var.user!,
        relyingParty(c),
        body.name,
        body.response as never,
      );
      if (!key)
        return fail(c, 400, 'validation_failed', undefined, { response: 'Clé d’accès refusée.' });
      return c.json({ passkey: passkeyView(key) }, 201);
    },
  )
  .delete('/passkeys/:id', validate('param', idParam), async (c) => {
    const passkeyId = c.req.valid('param').id;
    const body = (await c.req.json().catch(() => ({}))) as { sca?: unknown };
    const p = c.var.platform;
    if (!listPasskeys(p, c.var.user!.id).some((k) => k.id === passkeyId))
      return fail(c, 404, 'not_found');
    const refused = await requireSca(c, 'passkey.remove', { passkeyId }, body?.sca);
    if (refused) return refused;
    deletePasskey(p, c.var.user!.id, passkeyId);
    return c.body(null, 204);
  })
  .use('/sessions/*', requireUser)
  .use('/sessions', requireUser)
  .get('/sessions', (c) =>
    c.json({ items: listSessions(c.var.platform, c.var.user!.id, c.var.session!.id) }),
  )
  .delete('/sessions/:id', async (c) => {
    const p = c.var.platform;
    const ended = await endSessionById(p, c.var.user!.id, c.req.param('id'));
    if (!ended) return fail(c, 404, 'not_found');
    if (!listSessions(p, c.var.user!.id, c.var.session!.id).some((s) => s.current))
      deleteSessionCookie(c, p);
    return c.body(null, 204);
  })
  .post('/password', requireUser, boundedHashing, validate('json', passwordSchema), async (c) => {
    const p = c.var.platform;
    const user = c.var.user!;
    const body = c.req.valid('json');
    // Step-up failures count like login failures: 5 wrong → locked for 15 minutes.
    const lock = lockedFor(p, user.id, 'password', PASSWORD_LOCK.limit, PASSWORD_LOCK.windowMs);
    if (lock) return tooMany(c, lock);
    if (!(await p.hasher.verify(user.passwordHash, body.currentPassword))) {
      recordFailure(p, user.id, 'password');
      return fail(c, 403, 'invalid_credentials', 'Mot de passe actuel incorrect.', {
        currentPassword: 'Mot de passe actuel incorrect.',
      });
    }
    const refused = await requireSca(c, 'password.change', {}, body.sca);
    if (refused) return refused;
    const passwordHash = await p.hasher.hash(body.newPassword);
    p.db.update(users).set({ passwordHash }).where(eq(users.id, user.id)).run();
    const others = p.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.userId, user.id), ne(sessions.id, c.var.session!.id)))
      .all();
    for (const s of others) await invalidateSession(p, s.id);
    return c.body(null, 204);
  });
