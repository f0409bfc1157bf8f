/**
 * A 201 for a transfer is a promise that it survives: the app runs as a child
 * process and is SIGKILLed in the middle of a burst of transfers, then started
 * again on the same SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { killChildren, killed, login, startChild } from '../../test/child-app';
import { trustPayee } from '../../test/sca';

afterEach(killChildren);

const BURST = 60;
const AMOUNT = 100;

it(
  'keeps every acknowledged transfer across a SIGKILL; a retry of an unacknowledged one lands once',
  { timeout: 90_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'avenir-crash-'));
    try {
      const db = join(dir, 'avenir.db');
      const first = await startChild(db);
      const payer = await login(first.base, 'client1@avenir.test');
      const from = (await payer.get('/api/accounts')).body.items[0];
      const payee = await login(first.base, 'client2@avenir.test');
      const to = (await payee.get('/api/accounts')).body.items[0];
      await trustPayee(payer, to.iban);
      const body = (i: number) => ({
        fromAccountId: from.id,
        toIban: to.iban,
        amountCents: AMOUNT,
        label: `Rafale ${i}`,
        beneficiaryName: 'Louis Garcia',
      });

      const acked = new Map<number, number>(); // burst index → transfer id
      let kill!: () => void;
      const killedAfterSome = new Promise<void>((r) => (kill = r));
      const burst = Array.from({ length: BURST }, (_, i) =>
        payer
          .post('/api/transfers', body(i), { 'idempotency-key': `crash-${i}` })
          .then((res) => {
            if (res.status === 201) acked.set(i, res.body.transfer.id);
            if (acked.size === BURST / 3) kill();
          })
          .catch(() => {}),
      );
      await Promise.race([killedAfterSome, Promise.all(burst)]);
      first.child.kill('SIGKILL');
      await killed(first.child);
      await Promise.all(burst);
      const ackedNow = new Map(acked);
      expect(ackedNow.size).toBeGreaterThan(0);

      const second = await startChild(db);
      const director = await login(second.base, 'directeur@avenir.test');
      const check = await director.get('/api/admin/ledger/check');
      expect(check.body.checks.filter((c: any) => !c.ok)).toEqual([]);
      const again = await login(second.base, 'client1@avenir.test');
      // Every key again: acknowledged ones answer with their first transfer, the others land now.
      for (let i = 0; i < BURST; i++) {
        const res = await again.post('/api/transfers', body(i), {
          'idempotency-key': `crash-${i}`,
        });
        expect(res.status).toBe(201);
        if (ackedNow.has(i)) expect(res.body.transfer.id).toBe(ackedNow.get(i));
        // A second retry changes nothing either.
        const twice = await again.post('/api/transfers', body(i), {
          'idempotency-key': `crash-${i}`,
        });
        expect(twice.body.transfer.id).toBe(res.body.transfer.id);
      }
      const after = (await again.get('/api/accounts')).body.items[0];
      expect(after.balanceCents).toBe(from.balanceCents - BURST * AMOUNT);
      const ops = (await again.get(`/api/accounts/${from.id}/operations?q=rafale&limit=100`)).body
        .items;
      expect(ops).toHaveLength(BURST);
      expect((await director.get('/api/admin/ledger/check')).body.ok).toBe(true);
      console.log(
        `[crash] ${ackedNow.size} of ${BURST} transfers acknowledged before SIGKILL; all kept; ${BURST - ackedNow.size} retried and landed once`,
      );
      second.child.kill('SIGKILL');
      await killed(second.child);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
