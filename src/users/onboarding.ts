import { Hono } from 'hono';
import { and, eq, gt, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { bankAccounts } from '../db/schema';
import type { AppEnv } from '../http/env';
import { fail } from '../http/errors';
import { requireRole } from '../http/middleware';
import { ONBOARDING_STEPS, onboardingProgress, type OnboardingStep } from './schema';

/** A newcomer's checklist starts with their sign-up (fixtures and staff have none). */
export function startOnboardingTx(tx: Tx, userId: number, now: Date) {
  tx.insert(onboardingProgress).values({ userId, createdAt: now }).onConflictDoNothing().run();
}

export type Onboarding = {
  /** False for someone without a checklist (created before it existed, fixtures, staff). */
  active: boolean;
  dismissed: boolean;
  steps: Record<OnboardingStep, boolean>;
};

/** Funded: money reached one of their euro accounts (a step nobody has to tick). */
function isFunded(db: Db, userId: number) {
  const row = db
    .select({ id: bankAccounts.id })
    .from(bankAccounts)
    .where(
      and(
        eq(bankAccounts.userId, userId),
        inArray(bankAccounts.type, ['checking', 'savings']),
        gt(bankAccounts.balance, 0),
      ),
    )
    .get();
  return row !== undefined;
}

export function readOnboarding(db: Db, userId: number): Onboarding {
  const row = db
    .select()
    .from(onboardingProgress)
    .where(eq(onboardingProgress.userId, userId))
    .get();
  const done = new Set(row?.done.split(',') ?? []);
  const funded = row ? done.has('fund') || isFunded(db, userId) : false;
  return {
    active: row !== undefined,
    dismissed: row?.dismissedAt != null,
    steps: {
      fund: funded,
      notifications: done.has('notifications'),
      passkey: done.has('passkey'),
      advisor: done.has('advisor'),
    },
  };
}

function update(
  db: Db,
  userId: number,
  change: (done: Set<string>) => Partial<{ dismissedAt: Date }>,
) {
  db.transaction((tx) => {
    const row = tx
      .select()
      .from(onboardingProgress)
      .where(eq(onboardingProgress.userId, userId))
      .get();
    if (!row) return;
    const done = new Set(row.done.split(',').filter(Boolean));
    const extra = change(done);
    tx.update(onboardingProgress)
      .set({ done: [...done].sort().join(','), ...extra })
      .where(eq(onboardingProgress.userId, userId))
      .run();
  });
}

const isStep = (s: string): s is OnboardingStep =>
  (ONBOARDING_STEPS as readonly string[]).includes(s);

/**
 * GET /api/onboarding, POST /api/onboarding/steps/:step, POST /api/onboarding/dismiss
 * (addition to API.md): the newcomer's checklist, kept on the server so it follows
 * them from the phone to the computer. Clients only; repeating a call changes nothing.
 */
export const onboardingRoutes = new Hono<AppEnv>()
  .use(requireRole('client'))
  .get('/', (c) => c.json(readOnboarding(c.var.platform.db, c.var.user.id)))
  .post('/steps/:step', (c) => {
    const step = c.req.param('step');
    if (!isStep(step)) return fail(c, 404, 'not_found');
    const { db } = c.var.platform;
    update(db, c.var.user.id, (done) => (done.add(step), {}));
    return c.json(readOnboarding(db, c.var.user.id));
  })
  .post('/dismiss', (c) => {
    const { db, clock } = c.var.platform;
    update(db, c.var.user.id, () => ({ dismissedAt: clock.now() }));
    return c.json(readOnboarding(db, c.var.user.id));
  });
