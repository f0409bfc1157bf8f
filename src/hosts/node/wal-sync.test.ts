import { expect, it } from 'vitest';
import { coalesceSyncs } from './wal-sync';

/** A sync the test completes by hand, and a fake total_changes counter. */
function rig() {
  const runs: { done(): void; fail(e: Error): void }[] = [];
  let changes = 0;
  const seam = coalesceSyncs(
    () => new Promise<void>((done, fail) => runs.push({ done, fail })),
    () => changes,
  );
  return { seam, runs, write: () => void changes++ };
}
const settled = async (p: Promise<unknown>) => {
  let state = 'pending';
  p.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((r) => setImmediate(r));
  return state;
};

it('resolves only after a sync that started after the call, one sync for a batch', async () => {
  const { seam, runs, write } = rig();
  write();
  const first = seam.durable();
  expect(runs).toHaveLength(1);
  // Committed while the first sync is in flight: not covered by it, so they wait for the next.
  write();
  const later = Array.from({ length: 50 }, () => seam.durable());
  expect(runs).toHaveLength(1);
  runs[0].done();
  expect(await settled(first)).toBe('resolved');
  expect(await settled(later[0])).toBe('pending');
  expect(runs).toHaveLength(2); // the next sync started as the first ended, for all 50
  runs[1].done();
  for (const p of later) expect(await settled(p)).toBe('resolved');
  expect(seam.syncs).toBe(2);
});

it('shares the sync in flight when nothing was written since it started', async () => {
  const { seam, runs, write } = rig();
  write();
  const a = seam.durable();
  const b = seam.durable();
  expect(runs).toHaveLength(1);
  runs[0].done();
  await Promise.all([a, b]);
  // Nothing written since: no sync at all.
  await seam.durable();
  expect(seam.syncs).toBe(1);
});

it('rejects the callers of a failed sync, and the next call syncs again', async () => {
  const { seam, runs, write } = rig();
  write();
  const a = seam.durable();
  runs[0].fail(new Error('EIO'));
  await expect(a).rejects.toThrow('EIO');
  const b = seam.durable(); // nothing new was written, but the last sync did not cover it
  expect(runs).toHaveLength(2);
  runs[1].done();
  await b;
});

it('a write made while the next sync waits to start shares it: nobody waits for more than the sync in flight plus one', async () => {
  const { seam, runs, write } = rig();
  write();
  const first = seam.durable();
  const queued = [];
  for (let i = 0; i < 20; i++) {
    write(); // each commit lands while sync 1 runs and sync 2 has not started yet
    queued.push(seam.durable());
  }
  expect(runs).toHaveLength(1);
  runs[0].done();
  expect(await settled(first)).toBe('resolved');
  expect(await settled(queued[19])).toBe('pending');
  expect(runs).toHaveLength(2); // one more sync, for all twenty
  runs[1].done();
  for (const p of queued) expect(await settled(p)).toBe('resolved');
  expect(seam.syncs).toBe(2);
});
