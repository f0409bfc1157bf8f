import { describe, expect, it } from 'vitest';
import { createMemoryHub, type HubEvent } from './hub';

const turn = () => new Promise<void>((r) => setImmediate(r));
const event = (id: number): HubEvent => ({ type: 'news', id, json: '{}' });

describe('memory hub fan-out', () => {
  it('delivers a small publish at once', () => {
    const hub = createMemoryHub({ syncLimit: 2, chunk: 3 });
    const got: number[] = [];
    hub.subscribe(['user:1'], (e) => got.push(e.id!));
    hub.publish('user:1', event(1));
    expect(got).toEqual([1]);
  });

  it('queues a big publish after the publisher’s turn, then delivers it a chunk per turn', async () => {
    const hub = createMemoryHub({ syncLimit: 2, chunk: 3 });
    const got: number[] = [];
    for (let i = 0; i < 7; i++) hub.subscribe(['all'], () => got.push(i));
    hub.publish('all', event(1));
    expect(got).toEqual([]); // the publisher answers before any of it runs
    await turn();
    expect(got).toEqual([0, 1, 2]);
    await turn();
    await turn();
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('keeps publish order for every listener across topics, skips those that left, survives a throw', async () => {
    const hub = createMemoryHub({ syncLimit: 2, chunk: 2 });
    const seen = new Map<number, number[]>();
    const leave: (() => void)[] = [];
    for (let i = 0; i < 4; i++) {
      seen.set(i, []);
      leave.push(
        hub.subscribe(['all', `user:${i}`], (e) => {
          if (e.type === 'boom') throw new Error('listener failure');
          seen.get(i)!.push(e.id!);
        }),
      );
    }
    hub.publish('all', event(1)); // queued: 4 listeners
    hub.publish('all', { type: 'boom', json: '{}' });
    hub.publish('user:0', event(2)); // small, but queued behind the news: 0 sees 1 then 2
    leave[3](); // gone before its turn
    const logged = console.error;
    console.error = () => {};
    try {
      for (let i = 0; i < 6; i++) await turn();
    } finally {
      console.error = logged;
    }
    expect(seen.get(0)).toEqual([1, 2]);
    expect(seen.get(1)).toEqual([1]);
    expect(seen.get(2)).toEqual([1]);
    expect(seen.get(3)).toEqual([]);
    hub.publish('user:1', event(3)); // the queue is empty again: at once
    expect(seen.get(1)).toEqual([1, 3]);
  });

  it('also ends a turn of delivery once it ran past its time slice', async () => {
    // A clock of the test's own: each listener takes 0.1 ms of it, so 32 of them pass the
    // 1 ms slice whatever the machine's speed.
    let clock = 0;
    const hub = createMemoryHub({ syncLimit: 2, chunk: 500, now: () => clock });
    const got: number[] = [];
    for (let i = 0; i < 100; i++)
      hub.subscribe(['all'], () => {
        clock += 0.1;
        got.push(i);
      });
    hub.publish('all', event(1));
    await turn();
    expect(got).toHaveLength(32); // the clock is read every 32 deliveries
    for (let i = 0; i < 3; i++) await turn();
    expect(got).toHaveLength(100);
  });
});
