/**
 * Bounded password hashing. scrypt costs ~180 ms of one of libuv's four
 * threads; unbounded, 200 concurrent logins queue everyone's sign-in behind
 * them. The gate lets only a few hashing requests run or wait per client
 * address, and a bounded number in all; past that the route answers 429 at
 * once. One person signing in, one request after another, never meets it.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../http/env';
import { fail } from '../http/errors';

export const HASHES_PER_ADDRESS = 2;
export const HASHES_IN_ALL = 16;

export interface HashGate {
  /** A slot for one hashing request from `address`, or null when none is free; call release once. */
  enter(address: string): (() => void) | null;
}

export function createHashGate(perAddress = HASHES_PER_ADDRESS, inAll = HASHES_IN_ALL): HashGate {
  const byAddress = new Map<string, number>();
  let total = 0;
  return {
    enter(address) {
      const mine = byAddress.get(address) ?? 0;
      if (mine >= perAddress || total >= inAll) return null;
      byAddress.set(address, mine + 1);
      total++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        total--;
        const left = (byAddress.get(address) ?? 1) - 1;
        if (left > 0) byAddress.set(address, left);
        else byAddress.delete(address);
      };
    },
  };
}

/** For routes that hash a password: holds a gate slot for the request, or answers 429 at once. */
export const boundedHashing = createMiddleware<AppEnv>(async (c, next) => {
  const p = c.var.platform;
  const release = p.hashGate.enter(p.clientAddress(c));
  if (!release) {
    c.header('Retry-After', '1');
    return fail(c, 429, 'rate_limited', 'Trop de demandes en cours. Réessayez dans un instant.');
  }
  try {
    await next();
  } finally {
    release();
  }
});
