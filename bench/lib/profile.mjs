/** Summarises a V8 .cpuprofile: self time by function and by file/package. */
import { readFileSync } from 'node:fs';

function place(url, root) {
  if (!url) return '(native)';
  let p = url.replace(/^file:\/\//, '');
  if (root && p.startsWith(root)) p = p.slice(root.length + 1);
  const nm = p.lastIndexOf('node_modules/');
  if (nm >= 0) p = p.slice(nm + 'node_modules/'.length);
  return p;
}

/** Top functions and files by self time; percentages of all sampled time. */
export function summarizeProfile(path, { root, top = 25 } = {}) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const fns = new Map();
  const files = new Map();
  let idle = 0;
  for (const [id, us] of self) {
    const f = byId.get(id).callFrame;
    if (f.functionName === '(idle)') {
      idle += us;
      continue;
    }
    const file = place(f.url, root);
    const key = `${f.functionName || '(anonymous)'}  ${file}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    const group =
      file.startsWith('src/') || file.startsWith('seed/')
        ? file
        : file
            .split('/')
            .slice(0, file.startsWith('@') || file.startsWith('node:internal/') ? 2 : 1)
            .join('/');
    files.set(group, (files.get(group) ?? 0) + us);
  }
  const busy = total - idle;

  // Inclusive time of the app's own functions (src/): where the library time is spent from.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map();
  for (const [id, us] of self) {
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur).callFrame;
      const file = place(f.url, root);
      if (!file.startsWith('src/')) continue;
      // Line numbers are the transpiled ones under tsx: name and file only.
      const key = `${f.functionName || '(anonymous)'}  ${file}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const rank = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 1000),
        percentOfBusy: Math.round((us / busy) * 1000) / 10,
      }));
  return {
    totalMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    functions: rank(fns),
    files: rank(files),
    appInclusive: rank(inclusive),
  };
}
