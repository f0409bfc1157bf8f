import { createMiddleware } from 'hono/factory';
import type { Role, Session, User } from '../db/schema';
import type { AppEnv } from './env';

/** After requireUser/requireRole, handlers see a non-null user and session. */
type Authed = { Variables: { user: User; session: Session } };
import { fail } from './errors';
import { readSessionCookie, setSessionCookie, deleteSessionCookie } from '../auth/cookies';
import { validateSessionToken } from '../auth/session';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when the Origin header is APP_URL's origin or the origin the request was sent to. */
export function isAllowedOrigin(
  origin: string | undefined,
  requestUrl: string,
  appUrl: URL,
): boolean {
  if (!origin || origin === 'null') return false;
  return origin === appUrl.origin || origin === new URL(requestUrl).origin;
}

/** State-changing requests and WebSocket upgrades must come from our own pages. */
export const checkOrigin = createMiddleware<AppEnv>(async (c, next) => {
  const upgrade = c.req.header('upgrade')?.toLowerCase() === 'websocket';
  if (SAFE.has(c.req.method) && !upgrade) return next();
  if (!isAllowedOrigin(c.req.header('origin'), c.req.url, c.var.platform.config.appUrl)) {
    return fail(c, 403, 'forbidden_origin');
  }
  return next();
});

/** 127.0.0.0/8 or ::1 (hosts unwrap IPv4-mapped addresses before they get here). */
export const isLoopbackAddress = (address: string) =>
  address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);

/** Headers a proxy adds: a request carrying one may come from anywhere, whatever its peer. */
const FORWARDED = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

/**
 * Development tools: 404 unless `enabled` and the client is on this machine. A
 * forwarded address never counts (a proxy on this machine would make everyone
 * local), so a request that names one is refused, even with TRUST_PROXY.
 */
export const loopbackOnly = (enabled: (p: AppEnv['Variables']['platform']) => boolean) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const p = c.var.platform;
    const forwarded = FORWARDED.some((h) => c.req.header(h) !== undefined);
    if (!enabled(p) || forwarded || !isLoopbackAddress(p.clientAddress(c)))
      return fail(c, 404, 'not_found');
    return next();
  });

/** Every /dev/* route: only with NODE_ENV=development, only to loopback clients (API.md « Other »). */
export const devOnly = loopbackOnly((p) => p.config.env === 'development');

/** Reads the session cookie, if any, and refreshes it when the session slid. */
export const loadSession = createMiddleware<AppEnv>(async (c, next) => {
  const p = c.var.platform;
  const token = readSessionCookie(c);
  c.set('user', null);
  c.set('session', null);
  if (token) {
    const { session, user, fresh } = await validateSessionToken(p, token);
    if (session) {
      c.set('user', user);
      c.set('session', session);
      if (fresh) setSessionCookie(c, p, token, session.expiresAt);
    } else {
      deleteSessionCookie(c, p);
    }
  }
  return next();
});

export const requireUser = createMiddleware<Authed>(async (c, next) => {
  if (!c.var.user || !c.var.session) return fail(c, 401, 'unauthenticated');
  return next();
});

export const requireRole = (...roles: Role[]) =>
  createMiddleware<Authed>(async (c, next) => {
    if (!c.var.user || !c.var.session) return fail(c, 401, 'unauthenticated');
    if (!roles.includes(c.var.user.role)) return fail(c, 403, 'forbidden');
    return next();
  });
