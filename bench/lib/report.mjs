/**
 * Turns the generator's figures into one table — every figure of issue 14 with
 * a column per target (raw, socketio, AVENIR, worker), AVENIR's ratio to each
 * baseline, and for each goal its target text and verdict — plus the list of
 * verdicts and notes on the generator's own load.
 */

import { capacityRows, humanRows } from './report-capacity.mjs';

const fmt = (v, digits = 2) => {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (typeof v !== 'number') return String(v);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Math.round(v * 10 ** digits) / 10 ** digits);
};
const num = (v) => typeof v === 'number' && Number.isFinite(v);
const ratio = (a, b) => (num(a) && num(b) && b > 0 ? `${fmt(a / b)}×` : '');
const verdictText = (ok) => (ok === null ? 'not measured' : ok ? 'met' : 'MISSED');
const codes = (errors) =>
  Object.entries(errors ?? {})
    .map(([k, v]) => `${k}:${v}`)
    .join(' ') || 'none';
/** A generator near a full core measured itself: its figures are flagged in the table. */
const SATURATED_CPU = 90;

export const TARGETS = ['raw', 'socketio', 'socketio-durable', 'avenir', 'worker'];
/** Shown only when they ran: the Worker host, the fsync-each Socket.IO baseline. */
const OPTIONAL = ['worker', 'socketio-durable'];

/** Builds the rows of the table and the list of goal verdicts. */
export function buildReport(out) {
  const S = out.scenarios;
  const shown = TARGETS.filter(
    (t) => !OPTIONAL.includes(t) || Object.values(S).some((sc) => sc[t] && !sc[t].skipped),
  );
  const rows = [];
  const goals = [];
  let scenarioLabel = '';
  let pickTarget = () => undefined;

  /** Starts a section: `label` printed on its first row; `select(t)` = that target's result (or undefined). */
  const section = (label, select) => {
    scenarioLabel = label;
    pickTarget = (t) => {
      const r = select(t);
      return r && !r.error && !r.skipped ? r : undefined;
    };
  };
  /**
   * One row: `pick(result)` per target. With `goal` ({text, ok(values) → bool}), the row carries
   * the target text and the verdict (not measured when AVENIR or a needed baseline has no figure).
   */
  const row = (metric, pick, goal) => {
    const values = Object.fromEntries(
      shown.map((t) => {
        const r = pickTarget(t);
        let v;
        try {
          v = r ? pick(r) : undefined;
        } catch {
          v = undefined;
        }
        return [t, v];
      }),
    );
    let verdict = '';
    if (goal) {
      let ok = null;
      try {
        ok = goal.ok(values);
      } catch {
        ok = null;
      }
      if (ok !== null && ok !== undefined) ok = Boolean(ok);
      else ok = null;
      verdict = verdictText(ok);
      goals.push({ target: goal.text, verdict, why: goal.why?.(values) });
    }
    rows.push([
      scenarioLabel,
      metric,
      ...shown.map((t) => (values[t] === undefined ? '—' : fmt(values[t]))),
      ratio(values.avenir, values.raw),
      ratio(values.avenir, values.socketio),
      ...(shown.includes('socketio-durable')
        ? [ratio(values.avenir, values['socketio-durable'])]
        : []),
      goal ? goal.short : '',
      verdict,
    ]);
    scenarioLabel = '';
  };
  /** ok helper: null unless every named value is a number. */
  const need = (names, test) => (v) => (names.every((n) => num(v[n])) ? test(v) : null);
  const anyOf = (name) => Object.values(S[name] ?? {}).find((r) => r && !r.error && !r.skipped);

  // --- startup (issue 14: RSS ≤ 80 MiB and healthy in ≤ 0.5 s on an existing database)
  if (S.startup) {
    for (const seed of anyOf('startup')?.runs?.map((r) => r.seed) ?? []) {
      section(`startup (existing DB, ${seed.toLocaleString('en-US')} clients)`, (t) =>
        S.startup[t]?.runs?.find((r) => r.seed === seed && !r.error),
      );
      row('time to healthy (s)', (r) => r.healthyMs / 1000, {
        short: '≤ 0.5 s',
        text: `healthy in ≤ 0.5 s on an existing database (${seed} clients)`,
        ok: need(['avenir'], (v) => v.avenir <= 0.5),
      });
      row('process tree RSS (MiB)', (r) => r.treeRssMiB, {
        short: '≤ 80 MiB',
        text: `server process tree RSS right after start ≤ 80 MiB (${seed} clients)`,
        ok: need(['avenir'], (v) => v.avenir <= 80),
      });
      // Issue 25: the serving process alone (npm itself, its parent, is ~58 MiB of the tree).
      row('serving process RSS (MiB)', (r) => r.servingRssMiB, {
        short: '≤ 80 MiB',
        text: `serving process of npm start RSS right after start ≤ 80 MiB (${seed} clients)`,
        ok: need(['avenir'], (v) => v.avenir <= 80),
      });
      row('processes in the tree', (r) => r.processes.length);
      row('first start, seeding (s)', (r) => r.firstStartMs / 1000);
    }
  }

  // --- chat
  for (const [i, run] of (anyOf('chat')?.runs ?? []).entries()) {
    section(
      `chat (${run.pairs} pairs × ${run.messagesPerClient} @ ${run.ratePerClient}/s)`,
      (t) => S.chat[t]?.runs?.[i],
    );
    const judged = i === 0; // the load (100 pairs × 2/s)
    const complete = (t) => {
      const r = S.chat[t]?.runs?.[i];
      return (
        r && r.allDelivered && (!r.persisted.checked || r.persisted.found === r.persisted.expected)
      );
    };
    row(
      'latency p50 (ms)',
      (r) => r.latency.p50,
      judged && {
        short: '≤ socketio, ≤ 1.3× raw',
        text: 'chat p50 ≤ Socket.IO + SQLite and ≤ 1.3× raw ws, every message delivered, persisted, acked',
        ok: need(
          ['avenir', 'raw', 'socketio'],
          (v) => v.avenir <= v.socketio && v.avenir <= 1.3 * v.raw && complete('avenir'),
        ),
      },
    );
    for (const p of ['p90', 'p99'])
      row(
        `latency ${p} (ms)`,
        (r) => r.latency[p],
        judged && {
          short: '≤ socketio',
          text: `chat ${p} ≤ Socket.IO + SQLite`,
          ok: need(['avenir', 'socketio'], (v) => v.avenir <= v.socketio && complete('avenir')),
        },
      );
    row('latency max (ms)', (r) => r.latency.max);
    row('ack p99 (ms)', (r) => r.ack.p99);
    row('delivered / sent', (r) => `${r.delivered}/${r.sent}${r.allDelivered ? '' : ' ✗'}`);
    row('persisted (read back)', (r) =>
      r.persisted.checked ? `${r.persisted.found}/${r.persisted.expected}` : 'n/a',
    );
    row('errors', (r) => codes(r.errors));
    row(
      'server CPU ms / message',
      (r) => r.serverCpuMsPerMessage,
      judged && {
        short: '≤ socketio',
        text: 'server CPU per chat message ≤ Socket.IO + SQLite',
        ok: need(['avenir', 'socketio'], (v) => v.avenir <= v.socketio),
      },
    );
    row('  of which main thread', (r) => r.mainThreadCpuMsPerMessage);
  }

  // --- fan-out
  for (const [i, run] of (anyOf('fanout')?.runs ?? []).entries()) {
    section(
      `fanout (${run.subscribers.toLocaleString('en-US')} SSE × ${run.items} news)`,
      (t) => S.fanout[t]?.runs?.[i],
    );
    row('last arrival p50 (ms)', (r) => r.lastArrival.p50);
    row('last arrival p99 (ms)', (r) => r.lastArrival.p99, {
      short: '≤ 1.2× raw',
      text: `SSE fan-out last-arrival p99 ≤ 1.2× raw ws at ${run.subscribers} subscribers`,
      ok: need(
        ['avenir', 'raw'],
        (v) => v.avenir <= 1.2 * v.raw && S.fanout.avenir.runs[i].allDelivered,
      ),
    });
    row('first arrival p50 (ms)', (r) => r.firstArrival.p50);
    row(
      'news POST round trip p50 (ms)',
      (r) => r.postRoundTrip.p50,
      i === 0 && {
        short: '≤ 2× raw',
        text: `news POST round trip p50 ≤ 2× raw ws (${run.subscribers} subscribers)`,
        ok: need(['avenir', 'raw'], (v) => v.avenir <= 2 * v.raw),
      },
    );
    row('burst deliveries / s', (r) => r.burst.deliveriesPerSecond);
    row(
      'delivered / expected',
      (r) =>
        `${r.delivered + r.burst.delivered}/${r.expected + r.burst.expected}${r.allDelivered ? '' : ' ✗'}`,
    );
    row('server CPU ms / 1000 deliveries', (r) => r.burst.serverCpuMsPer1000Deliveries);
  }

  // --- idle memory
  if (S.idle) {
    const p = anyOf('idle');
    section(p ? `idle (${p.websockets} WS + ${p.streams} SSE)` : 'idle', (t) => S.idle[t]);
    row('RSS KiB / WebSocket', (r) => r.kibPerWebSocket, {
      short: '≤ 10 KiB',
      text: '≤ 10 KiB server memory per idle WebSocket',
      ok: need(['avenir'], (v) => v.avenir <= 10 && S.idle.avenir.failures === 0),
    });
    row('RSS KiB / SSE stream', (r) => r.kibPerStream, {
      short: '≤ 10 KiB',
      text: '≤ 10 KiB server memory per idle SSE stream',
      ok: need(['avenir'], (v) => v.avenir <= 10 && S.idle.avenir.failures === 0),
    });
    row('JS heap KiB / WebSocket', (r) => r.heapKibPerWebSocket);
    row('JS heap KiB / SSE stream', (r) => r.heapKibPerStream);
    row('failures', (r) => r.failures);
  }

  // --- capacity: few clients at full speed (issue 14), then many at a human rate (issue 25)
  const helpers = { section, row, num, fmt, codes, SATURATED_CPU };
  if (S.capacity) capacityRows(S.capacity, helpers);
  if (S.human) humanRows(S.human, helpers);

  // --- scale
  if (S.scale) {
    const p = anyOf('scale');
    section(
      p ? `scale (chat ${p.chatPairs} pairs @ ${p.ratePerClient}/s)` : 'scale',
      (t) => S.scale[t],
    );
    const levels = [
      ...new Set(
        Object.values(S.scale)
          .filter((r) => r && !r.error && !r.skipped)
          .flatMap((r) => [...r.steps, ...(r.notRun ?? [])].map((s) => s.target)),
      ),
    ].sort((x, y) => x - y);
    const stepAt = (r, level) =>
      r.steps.find((x) => x.target === level) ?? r.notRun?.find((x) => x.target === level);
    for (const level of levels) {
      row(`chat p99 ms @ ${level.toLocaleString('en-US')} conns`, (r) => {
        const s = stepAt(r, level);
        if (!s) return r.breaksAt && level > r.breaksAt.connections ? 'stopped' : undefined;
        if (s.notRun) return 'not run';
        return s.ok ? s.chat.p99 : `${fmt(s.chat.p99)} ✗`;
      });
      row(`RSS MiB @ ${level.toLocaleString('en-US')} conns`, (r) => stepAt(r, level)?.rssMiB);
    }
    const top = Math.max(...(p?.plannedSteps ?? [0]));
    row(
      `chat p99 at ${top.toLocaleString('en-US')} conns`,
      (r) => r.steps.find((s) => s.target === top)?.chat.p99,
      {
        short: '< 50 ms',
        text: `${top.toLocaleString('en-US')} concurrent connections (half WS, half SSE) with chat p99 < 50 ms`,
        ok: (v) => {
          const s = S.scale.avenir?.steps?.find((x) => x.target === top);
          return s ? s.ok && s.connections >= top && v.avenir < 50 : null;
        },
        why: () => S.scale.avenir?.notRun?.find((x) => x.target === top)?.notRun,
      },
    );
    row('most connections held', (r) => r.reachedConnections);
    row('breaks at', (r) =>
      r.breaksAt ? `${r.breaksAt.connections}: ${r.breaksAt.reasons.join('; ')}` : 'never',
    );
    const limited = (r) => (r.notRun?.length ? `above ${fmt(r.reachedConnections)}` : undefined);
    if (Object.values(S.scale).some((r) => r?.notRun?.length))
      row('steps not run (open files)', limited); // the reason is in the goal's line below the table
  }

  // --- login (issue 9)
  if (S.login) {
    section('login (flood from another address)', (t) => S.login[t]);
    row('real login alone p50 (ms)', (r) => r.alone.p50);
    row('real login under flood p50 (ms)', (r) => r.underFlood.p50);
    row('real login under flood max (ms)', (r) => r.underFlood.max, {
      short: '≤ 3× alone',
      text: 'a login flood from one address does not slow another address’s sign-in',
      ok: (v) => (num(v.avenir) ? v.avenir <= 3 * S.login.avenir.alone.p50 + 100 : null),
    });
    row('flood answers', (r) => codes(r.floodAnswers));
  }

  // --- transfers (issue 8): the raw column is the fsync'd floor
  if (S.transfers) {
    section('transfers (raw = better-sqlite3 floor)', (t) => S.transfers[t]);
    row('transfers / s', (r) => r.perSecond, {
      short: '≥ 0.8× floor',
      text: 'transfers/s ≥ 0.8× the fsync’d floor (issue 25), balances unchanged and ledger check ok',
      ok: need(['avenir', 'raw'], (v) => {
        const a = S.transfers.avenir;
        return (
          v.avenir >= 0.8 * v.raw &&
          a.balancesUnchanged &&
          a.ledger.ok &&
          Object.keys(a.errors).length === 0
        );
      }),
    });
    row('latency p50 (ms)', (r) => r.latency.p50);
    row('latency p99 (ms)', (r) => r.latency.p99);
    row('sum of balances unchanged', (r) => (r.balancesUnchanged ? 'yes' : 'NO ✗'));
    row('ledger check', (r) => (r.ledger.checked ? (r.ledger.ok ? 'ok' : 'FAILED ✗') : 'n/a'));
    row('errors', (r) => codes(r.errors));
    row('server CPU ms / transfer', (r) => r.serverCpuMsPerTransfer);
  }

  // --- orders (issue 10): reported
  if (S.orders) {
    const a = S.orders.avenir;
    section(
      a && !a.error && !a.skipped
        ? `orders (${a.traders} clients × ${a.ordersPerClient} @ ${a.ratePerClient}/s)`
        : 'orders',
      (t) => S.orders[t],
    );
    row('matched trades / s', (r) => r.tradesPerSecond);
    row('order-to-trade p50 (ms)', (r) => r.orderToTrade?.p50);
    row('order-to-trade p99 (ms)', (r) => r.orderToTrade?.p99);
    row(
      'ledger check at the end',
      (r) => (r.ledgerOk === null ? 'n/a' : r.ledgerOk ? 'ok' : 'FAILED'),
      {
        short: 'ok',
        text: 'orders: reported, ledger check ok after the run',
        ok: (v) => (v.avenir === undefined || v.avenir === 'n/a' ? null : v.avenir === 'ok'),
      },
    );
  }

  // --- web (issue 23): the client in Chromium on a throttled phone network
  if (S.web) {
    section('web (1.6 Mbit/s, 150 ms RTT, CPU 4×)', (t) => S.web[t]);
    row('login page KiB transferred', (r) => r.login.kib, {
      short: '≤ 60 KB',
      text: 'web: the login page transfers ≤ 60 KB',
      ok: (v) => (num(v.avenir) ? v.avenir * 1024 <= 60_000 : null),
    });
    row('login page requests', (r) => r.login.requests);
    row('login page LCP (ms)', (r) => r.login.lcpMs, {
      short: '≤ 1,000 ms',
      text: 'web: login page largest contentful paint ≤ 1.0 s',
      ok: (v) => (num(v.avenir) ? v.avenir <= 1000 : null),
    });
    row('bank home KiB transferred', (r) => r.home.kib);
    row('bank home requests', (r) => r.home.requests);
    row('bank home LCP (ms)', (r) => r.home.lcpMs, {
      short: '≤ 1,500 ms',
      text: 'web: bank home (signed in) largest contentful paint ≤ 1.5 s',
      ok: (v) => (num(v.avenir) ? v.avenir <= 1500 : null),
    });
  }

  // --- the generator's own load, per scenario and target: a saturated generator is visible
  const measured = Object.keys(S).filter((n) => n !== 'startup');
  for (const [k, name] of measured.entries()) {
    section(k === 0 ? 'generator (CPU % / lag p99 ms)' : '', (t) => S[name][t]);
    row(name, (r) =>
      num(r.generatorCpuPercent)
        ? `${r.generatorCpuPercent}% / ${fmt(r.generatorLagP99Ms)}${r.generatorCpuPercent >= SATURATED_CPU ? ' SATURATED' : ''}`
        : undefined,
    );
  }

  for (const name of Object.keys(S)) {
    for (const [t, r] of Object.entries(S[name]))
      if (r?.error) rows.push([name, `ERROR (${t})`, r.error, ...shown.map(() => '')]);
  }
  return { rows, targets: goals, columns: shown };
}

/** Renders rows as an aligned text table; `columns` are the targets shown. */
export function renderTable(rows, columns = ['raw', 'socketio', 'avenir']) {
  const header = [
    'scenario',
    'metric',
    ...columns.map((c) => (c === 'avenir' ? 'AVENIR' : c)),
    '÷ raw',
    '÷ socketio',
    ...(columns.includes('socketio-durable') ? ['÷ durable'] : []),
    'target',
    'verdict',
  ];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
  const line = (r) =>
    r
      .map((c, i) => String(c ?? '').padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
