/**
 * Bounded password hashing. scrypt costs ~180 ms of one of libuv's four
 * threads; unbounded, 200 concurrent logins queue everyone's sign-in behind
 * them. The gate lets only a few hashing requests run or wait per client
 * address, and a bounded number in all; past that the route answers 429 at
 * once. One address's requests take turns (one hashes while the next waits),
 * so a flood from one address shares the CPU with anyone else's sign-in as one
 * request would. One person signing in, one request after another, never meets it.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../http/env';
import { fail } from '../http/errors';

// One address hashes one at a time; a handful may wait their turn (a test suite or a
// family behind one NAT signing in together), the rest are refused at once.
export const HASHES_PER_ADDRESS = 8;
export const HASHES_IN_ALL = 32;

/** A place in the gate: `turn` resolves once the address's earlier requests are done. */
export type HashSlot = { turn: Promise<void>; release(): void };

export interface HashGate {
  /** A slot for one hashing request from `address`, or null when none is free; release it once. */
  enter(address: string): HashSlot | null;
}

/**
 * `runners` (the host's cores) caps the turns running at once, over every
 * address, and they start in the order they became ready: an address's next
 * request becomes ready only when its previous one is done, so it queues behind
 * whoever else was waiting. Someone signing in during a flood then waits for at
 * most the one hash already running and gets the core to itself, instead of
 * sharing it with the flood's hash (two 16 MiB scrypt working sets on one core:
 * bench `login`, 3.3–4.4× the time alone before, on a server pinned to one core).
 */
export function createHashGate(
  perAddress = HASHES_PER_ADDRESS,
  inAll = HASHES_IN_ALL,
  runners: () => number = () => Infinity,
): HashGate {
  // Per address: how many hold a slot, and the end of the last one (the next one's turn).
  const lanes = new Map<string, { holders: number; tail: Promise<void> }>();
  let total = 0;
  let running = 0;
  /** Turns whose address's earlier requests are done, waiting for a runner; false: gone meanwhile. */
  const ready: (() => boolean)[] = [];
  const admit = () => {
    while (ready.length && running < Math.max(1, runners())) if (ready.shift()!()) running++;
  };
  return {
    enter(address) {
      const lane = lanes.get(address) ?? { holders: 0, tail: Promise.resolve() };
      if (lane.holders >= perAddress || total >= inAll) return null;
      lane.holders++;
      total++;
      lanes.set(address, lane);
      const previous = lane.tail;
      let done!: () => void;
      lane.tail = new Promise<void>((resolve) => (done = resolve));
      let released = false;
      let started = false;
      const turn = previous.then(
        () =>
          new Promise<void>((go) => {
            ready.push(() => {
              if (released) return false;
              started = true;
              go();
              return true;
            });
            admit();
          }),
      );
      return {
        turn,
        release() {
          if (released) return;
          released = true;
          total--;
          if (--lane.holders === 0) lanes.delete(address);
          if (started) {
            running--;
            admit();
          }
          done();
        },
      };
    },
  };
}

/**
 * For routes that hash a password, before their body is even parsed: holds a
 * gate slot for the request (waiting for its turn), or answers 429 at once.
 */
export const boundedHashing = createMiddleware<AppEnv>(async (c, next) => {
  const p = c.var.platform;
  const slot = p.hashGate.enter(p.clientAddress(c));
  if (!slot) {
    c.header('Retry-After', '1');
    return fail(c, 429, 'rate_limited', 'Trop de demandes en cours. Réessayez dans un instant.');
  }
  try {
    await slot.turn;
    await next();
  } finally {
    slot.release();
  }
});
