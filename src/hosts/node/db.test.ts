import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './db';

describe('openDatabase', () => {
  it('fsyncs every commit before it returns (WAL, synchronous = FULL)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avenir-db-'));
    const { sqlite } = openDatabase(join(dir, 'a.db'));
    try {
      expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      // 2 = FULL: in WAL mode the log is synced at each commit, so an acknowledged
      // write survives a power cut; NORMAL (1) only syncs at checkpoints.
      expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
