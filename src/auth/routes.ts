import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { fail, validate } from '../http/errors';
import { requireUser } from '../http/middleware';
import { visibleText } from '../http/text';
import { toUserSummary } from '../users/shape';
import { ADULT_MESSAGE, findClientProfile, isAdult, profileFields } from '../users/profile';
import type { User } from '../db/schema';
import type { Platform } from '../platform';
import type { Context } from 'hono';
import { deleteSessionCookie, setSessionCookie } from './cookies';
import { boundedHashing } from './hash-gate';
import {
  createSession,
  invalidateSession,
  invalidateUserSessions,
  type SessionOrigin,
} from './session';
import { noteSignIn, sessionOrigin } from './devices';
import { countPasskeys } from './webauthn';
import { requestPasswordReset, resetPassword } from './password-reset';
import {
  attemptLogin,
  findAdvisor,
  registerClient,
  resendVerification,
  verifyEmailToken,
} from './service';

const email = z.email({ error: 'Adresse e-mail invalide.' }).max(254);
const name = (label: string) =>
  z
    .string({ error: `${label} requis.` })
    .trim()
    .min(1, `${label} requis.`)
    .max(80, `${label} trop long.`)
    .superRefine(visibleText(label));

const password = z
  .string({ error: 'Mot de passe requis.' })
  .min(10, 'Au moins 10 caractères.')
  .max(128, 'Au plus 128 caractères.');

const registerSchema = z.object({
  email: z.string().trim().pipe(email),
  password,
  firstName: name('Prénom'),
  lastName: name('Nom'),
  ...profileFields,
});
const loginSchema = z.object({
  email: z.string({ error: 'E-mail requis.' }).trim().min(1, 'E-mail requis.').max(254),
  password: z.string({ error: 'Mot de passe requis.' }).min(1, 'Mot de passe requis.').max(128),
});
const tokenSchema = z.object({ token: z.string().min(1).max(200) });
const resetSchema = z.object({ token: z.string().min(1).max(200), password });
const resendSchema = z.object({ email: z.string().trim().max(254) });

/**
 * Work the answer must not wait for nor reveal (whether an address has an
 * account): it runs once the response is on its way, the same answer either way.
 */
function afterResponse(p: Platform, task: () => Promise<unknown>) {
  p.defer(new Promise((resolve) => setTimeout(resolve, 0)).then(task));
}

const NO_PROFILE = { civility: null, birthDate: null, address: null, phone: null };

/** The private view of the signed-in user (GET /api/me). */
async function toMe(p: Platform, user: User) {
  const advisor = user.role === 'client' ? await findAdvisor(p, user) : null;
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    role: user.role,
    advisor: advisor ? toUserSummary(advisor) : null,
    ...(findClientProfile(p.db, user.id) ?? NO_PROFILE),
    /** How many passkeys: the home shows its offer with the first paint, not once a list arrives. */
    passkeys: countPasskeys(p, user.id),
  };
}

/** Opens a session (remembering how and from where) and answers with the user. */
export async function signIn(c: Context<AppEnv>, user: User, method: SessionOrigin['method']) {
  const p = c.var.platform;
  const origin = sessionOrigin(c, method);
  const { token, session } = await createSession(p, user.id, origin);
  setSessionCookie(c, p, token, session.expiresAt);
  await noteSignIn(p, user, origin.userAgent);
  return c.json({ user: await toMe(p, user) }, 200);
}

export const authRoutes = new Hono<AppEnv>()
  .post('/register', boundedHashing, validate('json', registerSchema), async (c) => {
    const input = c.req.valid('json');
    if (!isAdult(input.birthDate, c.var.platform.clock.now()))
      return fail(c, 400, 'validation_failed', undefined, { birthDate: ADULT_MESSAGE });
    await registerClient(c.var.platform, input);
    return c.json({ status: 'pending_verification' }, 202);
  })
  .post('/verify-email', validate('json', tokenSchema), async (c) => {
    const user = await verifyEmailToken(c.var.platform, c.req.valid('json').token);
    if (!user) return fail(c, 400, 'invalid_token');
    return signIn(c, user, 'email_link');
  })
  .post('/resend-verification', validate('json', resendSchema), async (c) => {
    const p = c.var.platform;
    const { email } = c.req.valid('json');
    afterResponse(p, () => resendVerification(p, email));
    return c.json({ status: 'pending_verification' }, 202);
  })
  .post('/login', boundedHashing, validate('json', loginSchema), async (c) => {
    const { email, password } = c.req.valid('json');
    const result = await attemptLogin(c.var.platform, email, password);
    if (result.ok) return signIn(c, result.user, 'password');
    if (result.reason === 'rate_limited') {
      c.header('Retry-After', String(result.retryAfterSeconds));
      return fail(c, 429, 'rate_limited');
    }
    return fail(c, result.reason === 'email_not_verified' ? 403 : 401, result.reason);
  })
  .post('/logout', async (c) => {
    const p = c.var.platform;
    if (c.var.session) await invalidateSession(p, c.var.session.id);
    deleteSessionCookie(c, p);
    return c.body(null, 204);
  })
  .post('/logout-all', requireUser, async (c) => {
    const p = c.var.platform;
    await invalidateUserSessions(p, c.var.user.id);
    deleteSessionCookie(c, p);
    return c.body(null, 204);
  })
  .post('/password-reset/request', validate('json', resendSchema), async (c) => {
    const p = c.var.platform;
    const { email } = c.req.valid('json');
    afterResponse(p, () => requestPasswordReset(p, email));
    return c.json({ status: 'reset_requested' }, 202);
  })
  .post('/password-reset', boundedHashing, validate('json', resetSchema), async (c) => {
    const p = c.var.platform;
    const { token, password } = c.req.valid('json');
    const userId = await resetPassword(p, token, password);
    if (userId === null) return fail(c, 400, 'invalid_token');
    if (c.var.user?.id === userId) deleteSessionCookie(c, p); // that session ended too
    return c.body(null, 204);
  });

export const meRoutes = new Hono<AppEnv>().get('/', requireUser, async (c) =>
  c.json({ user: await toMe(c.var.platform, c.var.user) }),
);
