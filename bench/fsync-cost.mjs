#!/usr/bin/env node
/**
 * What one fdatasync costs on this machine's disk, as a commit sees it: a 4 KiB
 * write then fdatasync, every 5 ms (a chat message's rhythm at 200 msg/s), the
 * file growing (a fresh WAL) or overwritten in place (a WAL reused after a
 * checkpoint). Prints latency p50/p90/p99 and the CPU time each one charges
 * to the process (user + system), which is the part of "server CPU per chat
 * message" that a server fsyncing every acknowledged message pays and one
 * running SQLite's WAL default (synchronous = NORMAL: no sync at commit) does not.
 *
 *   node bench/fsync-cost.mjs [--dir=/path/on/the/database/disk] [--count=300]
 */
import {
  closeSync,
  fdatasyncSync,
  fsyncSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const option = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const count = Number(option('count', 300));
const dir = mkdtempSync(join(option('dir', tmpdir()), 'avenir-fsync-'));
const page = Buffer.alloc(4096, 1);
const pick = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

try {
  for (const mode of ['growing', 'in place']) {
    const path = join(dir, 'wal');
    const fd = openSync(path, 'w+');
    if (mode === 'in place') {
      writeSync(fd, Buffer.alloc(count * page.length));
      fsyncSync(fd);
    }
    const ms = [];
    let cpuUs = 0;
    for (let i = 0; i < count; i++) {
      await new Promise((r) => setTimeout(r, 5));
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      writeSync(fd, page, 0, page.length, i * page.length);
      fdatasyncSync(fd);
      ms.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuUs += c.user + c.system;
    }
    closeSync(fd);
    rmSync(path);
    ms.sort((a, b) => a - b);
    const f = (v) => v.toFixed(3);
    console.log(
      `${mode.padEnd(8)}  fdatasync p50 ${f(pick(ms, 0.5))} p90 ${f(pick(ms, 0.9))} p99 ${f(pick(ms, 0.99))} ms; CPU ${f(cpuUs / count / 1000)} ms each (${count} syncs, 5 ms apart)`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
