/** Helpers of the staff tests: a fresh client with money and a Livret, a move between the two. */
import { expect } from 'vitest';
import type { TestApp } from '../../test/harness';
import { freshClient, uid } from '../chat/test-kit';

/** A fresh client of `advisor` with a Livret and `cents` deposited on their checking account. */
export async function fundedClient(
  app: TestApp,
  cents: number,
  advisor = 'conseiller1@avenir.test',
) {
  const fresh = await freshClient(app, advisor);
  const checking = (await fresh.agent.get('/api/accounts')).body.items[0];
  const deposit = await fresh.agent.post('/dev/deposit', {
    accountId: checking.id,
    amountCents: cents,
  });
  expect(deposit.status).toBe(201);
  const savings = await fresh.agent.post('/api/accounts', { type: 'savings', label: 'Livret' });
  expect(savings.status).toBe(201);
  return { ...fresh, checking, savings: savings.body.account };
}

export const moveToSavings = (c: Awaited<ReturnType<typeof fundedClient>>, amountCents: number) =>
  c.agent.post(
    '/api/transfers',
    {
      fromAccountId: c.checking.id,
      toIban: c.savings.iban,
      amountCents,
      beneficiaryName: 'Moi',
      label: 'Épargne',
    },
    { 'idempotency-key': uid() },
  );
