/** What the generator can see of a server process from outside: memory, CPU time, CPU pinning. */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Resident set size in KiB (VmRSS), or null when /proc is not there. */
export function readRssKiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

const TICK_MS = 10; // USER_HZ is 100 on Linux.

/** User + system CPU time consumed so far, in ms, or null. */
export function readCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** Pins every thread of a process to one CPU list (e.g. "0"); true when it worked. */
export function pinProcess(pid, cpus) {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
