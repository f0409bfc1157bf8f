/** What the generator can see of a server process from outside: memory, CPU time, CPU pinning. */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
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

/**
 * User + system CPU time consumed so far, in ms, or null: of the whole process (every
 * thread), or with `{ mainThread: true }` of its main thread alone (the event loop).
 */
export function readCpuMs(pid, { mainThread = false } = {}) {
  try {
    const stat = readFileSync(`/proc/${pid}${mainThread ? `/task/${pid}` : ''}/stat`, 'utf8');
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

/** Waits (up to maxMs) until the process uses under 20 % of a core over 250 ms: its backlog is done. */
export async function waitQuiet(pid, maxMs) {
  const until = Date.now() + maxMs;
  while (Date.now() < until) {
    const c0 = readCpuMs(pid);
    await new Promise((r) => setTimeout(r, 250));
    const c1 = readCpuMs(pid);
    if (c0 === null || c1 === null || c1 - c0 < 50) return;
  }
}

/** Pids of a process and all its descendants (from /proc/<pid>/stat's ppid field). */
export function processTree(root) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  const out = [];
  for (const queue = [root]; queue.length;) {
    const pid = queue.shift();
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** The pid (among `pids`) holding the TCP socket that listens on `port`, or null. */
export function listenerPid(pids, port) {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN; the inode is field 9.
      if (f[1]?.endsWith(`:${hex}`) && f[3] === '0A') inodes.add(`socket:[${f[9]}]`);
    }
  }
  for (const pid of pids) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`))
        if (inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return pid;
    } catch {
      // gone or not ours
    }
  }
  return null;
}

/**
 * Time the process's threads spent runnable but waiting for a CPU, in ms (the second field of
 * /proc/<pid>/task/<tid>/schedstat, ns), or null. Rising while the server's CPU % stays below
 * 100 means other processes held its core: the latency measured was the machine's, not the server's.
 */
export function readRunQueueWaitMs(pid) {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`))
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]);
    return ns / 1e6;
  } catch {
    return null;
  }
}
