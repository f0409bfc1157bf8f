/**
 * The table's capacity sections: `capacity` (few clients at full speed, limits × 1000, issue 14)
 * and `human` (many clients at 2.5 msg/s each under the real limits, issue 25). Both are steps of
 * a doubling aggregate rate; a step passes with p99 < 50 ms and nothing late or lost.
 */

/** Per-rate rows (p99, CPU) and what happened past the limit. */
function stepRows(result, { row, fmt, codes, SATURATED_CPU }, all) {
  const reached = (rate) =>
    Object.values(all).some((r) => r?.steps?.some((x) => x.offeredPerSecond === rate));
  for (const rate of (result?.plannedRates ?? []).filter(reached)) {
    const at = (r) => r.steps.findLast((s) => s.offeredPerSecond === rate);
    row(`@ ${rate.toLocaleString('en-US')}/s: p99 ms`, (r) => {
      const s = at(r);
      if (!s) return undefined;
      const first = r.steps.find((x) => x.offeredPerSecond === rate && x.retried);
      const again = first ? ` (1st try ${fmt(first.latency.p99)})` : '';
      return `${fmt(s.latency.p99)}${s.ok ? '' : ' ✗'}${again}`;
    });
    row(`@ ${rate.toLocaleString('en-US')}/s: CPU % srv/wait/gen`, (r) => {
      const s = at(r);
      return s
        ? `${s.serverCpuPercent}/${s.serverRunQueueWaitPercent ?? '?'}/${s.generatorCpuPercent}${s.generatorCpuPercent >= SATURATED_CPU ? ' (gen saturated)' : ''}`
        : undefined;
    });
  }
  row('past the limit', (r) => {
    const s = r.pastLimit;
    if (!s) return `never (to ${fmt(r.plannedRates.at(-1))}/s)`;
    const short =
      s.sentPerSecond < 0.95 * s.offeredPerSecond ? `, sent only ${fmt(s.sentPerSecond)}/s` : '';
    return `${fmt(s.offeredPerSecond)}/s: ${s.reasons.join(', ')}${short}; refusals ${codes(s.refusals)}; ${s.socketsClosed} closed`;
  });
}

const anyRan = (results) => Object.values(results).find((r) => r && !r.error && !r.skipped);

/** A limit reached with the generator saturated measured the generator: not measured. */
const judgedMiss = (result, SATURATED_CPU) => {
  const past = result?.pastLimit;
  return past && past.generatorCpuPercent >= SATURATED_CPU ? null : false;
};

export function capacityRows(results, h) {
  const p = anyRan(results);
  h.section(
    p ? `capacity (${p.pairs} pairs, ${p.stepMs / 1000} s steps)` : 'capacity',
    (t) => results[t],
  );
  h.row('max sustained (msg/s)', (r) => r.maxSustainedPerSecond, {
    short: '≥ 6,400 msg/s',
    text: 'capacity: ≥ 6,400 msg/s with p99 < 50 ms and nothing late or lost',
    ok: (v) => {
      if (!h.num(v.avenir)) return null;
      if (v.avenir >= 6400) return true;
      if (Math.max(...results.avenir.plannedRates) < 6400) return null; // not planned that high
      return judgedMiss(results.avenir, h.SATURATED_CPU);
    },
  });
  stepRows(p, h, results);
}

export function humanRows(results, h) {
  const p = anyRan(results);
  h.section(
    p
      ? `human (${p.perClientRate} msg/s per client, real limits, ${p.stepMs / 1000} s steps)`
      : 'human',
    (t) => results[t],
  );
  const top = Math.max(...(results.avenir?.plannedRates ?? [0]));
  h.row('max sustained (msg/s)', (r) => r.maxSustainedPerSecond, {
    short: '≥ 3,200, ≥ 2× durable, ≥ socketio',
    text: 'human rate: max chat msg/s ≥ 3,200, ≥ 2× Socket.IO fsync-each, ≥ Socket.IO no-fsync (p99 < 50 ms, all delivered)',
    ok: (v) => {
      if (!h.num(v.avenir)) return null;
      const beaten = ['socketio', 'socketio-durable'].every((t) => !h.num(v[t]) || v[t] < top);
      const met =
        v.avenir >= 3200 &&
        (!h.num(v['socketio-durable']) || v.avenir >= 2 * v['socketio-durable']) &&
        (!h.num(v.socketio) || v.avenir >= v.socketio);
      if (met) return true;
      if (top < 3200 && beaten) return null; // not planned that high
      return judgedMiss(results.avenir, h.SATURATED_CPU);
    },
  });
  h.row(
    'clients at the max',
    (r) => r.steps.findLast((s) => s.ok && s.offeredPerSecond === r.maxSustainedPerSecond)?.clients,
  );
  const first = (r) => r.steps.find((s) => s.ok) ?? r.steps[0];
  h.row('first step p50 (ms)', (r) => first(r)?.latency.p50);
  h.row('server CPU % at the first step', (r) => first(r)?.serverCpuPercent);
  stepRows(p, h, results);
}
