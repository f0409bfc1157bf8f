import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Platform } from '../platform';

export const SESSION_COOKIE = 'avenir_session';

const options = (p: Platform) => ({
  httpOnly: true,
  sameSite: 'Lax' as const,
  secure: p.config.appUrl.protocol === 'https:',
  path: '/',
});

export function setSessionCookie(c: Context, p: Platform, token: string, expiresAt: Date) {
  setCookie(c, SESSION_COOKIE, token, { ...options(p), expires: expiresAt });
}

export function deleteSessionCookie(c: Context, p: Platform) {
  deleteCookie(c, SESSION_COOKIE, { ...options(p), maxAge: 0 });
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}
