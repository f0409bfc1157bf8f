/** Helpers for the scheduled-transfer tests: client1 paying their own Livret, dates, the stored clock. */
import { eq, sql } from 'drizzle-orm';
import type { Agent, TestApp } from '../../test/harness';
import { settings } from '../db/schema';
import { parisDayOf } from '../ledger/paris-time';

export const DAY = 86_400_000;
let keys = 0;
export const key = () => `sched-${process.pid}-${++keys}`;
export const schedule = (a: Agent, body: Record<string, unknown>, k = key()) =>
  a.post('/api/transfers/scheduled', body, { 'idempotency-key': k });
/** The Paris day `days` after the app's today. */
export const dayIn = (t: TestApp, days: number) =>
  parisDayOf(new Date(t.platform.clock.now().getTime() + days * DAY));
export const accounts = async (a: Agent) => (await a.get('/api/accounts')).body.items as any[];
export const storedCount = (t: TestApp) =>
  t.platform.db.get<{ n: number }>(sql`select count(*) as n from scheduled_transfers`)!.n;

/** client1's checking account and Livret (its own account: no strong authentication needed). */
export async function client1(t: TestApp) {
  const agent = await t.login('client1@avenir.test');
  const mine = await accounts(agent);
  const checking = mine.find((x) => x.type === 'checking');
  const livret = mine.find((x) => x.type === 'savings');
  const toLivret = (extra: Record<string, unknown>) => ({
    fromAccountId: checking.id,
    toIban: livret.iban,
    amountCents: 2_500,
    label: 'Épargne',
    beneficiaryName: 'Moi',
    firstDate: dayIn(t, 1),
    frequency: 'monthly',
    ...extra,
  });
  return { agent, checking, livret, toLivret };
}

/** Sets the stored clock's offset as a stopped server would find it at its next start. */
export function moveStoredClock(t: TestApp, ms: number) {
  const row = t.platform.db
    .select()
    .from(settings)
    .where(eq(settings.key, 'clock.offset_ms'))
    .get();
  const value = String((row ? Number(row.value) : 0) + ms);
  t.platform.db
    .insert(settings)
    .values({ key: 'clock.offset_ms', value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();
}
