/** Helpers for the money tests over HTTP: accounts as the client sees them, transfers, the check. */
import { expect } from 'vitest';
import type { Agent } from '../../test/harness';
import { postTransfer } from '../../test/sca';

export const key = () => `k-${Math.random().toString(36).slice(2)}`;
export const accountsOf = async (a: Agent) => (await a.get('/api/accounts')).body.items as any[];
export const checkingOf = async (a: Agent) =>
  (await accountsOf(a)).find((x) => x.type === 'checking');
/** A transfer; a new payee is confirmed with the agent's passkey (test/sca.ts). */
export const transfer = (a: Agent, body: Record<string, unknown>, k = key()) =>
  postTransfer(a, body, { 'idempotency-key': k });

/** The director's ledger check answers ok, every business rule included. */
export async function expectLedgerOk(director: Agent) {
  const res = await director.get('/api/admin/ledger/check');
  expect(res.status).toBe(200);
  expect(res.body.checks.filter((c: any) => !c.ok)).toEqual([]);
  expect(res.body.ok).toBe(true);
}
