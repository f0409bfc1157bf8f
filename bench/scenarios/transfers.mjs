/**
 * transfers: a closed loop of C concurrent clients, each doing real internal
 * transfers (1–99 cents) through the public API: on AVENIR from the client's
 * checking account to a second one of theirs (a payee that needs no strong
 * authentication: the same transaction, one operation, two postings); on the
 * floor to another client
 * for N seconds, a fresh Idempotency-Key each. Throughput, latency, and at the
 * end: the sum of the participants' balances is unchanged, and (AVENIR) the
 * ledger check is ok.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { login, request } from '../lib/clients.mjs';
import { readCpuMs } from '../lib/proc.mjs';
import { summarize } from '../lib/stats.mjs';

async function accountsOf(base, sessions) {
  const list = [];
  for (const s of sessions) {
    const res = await request(base, s, 'GET', '/api/accounts');
    const open = (res.body?.items ?? []).filter((x) => x.type === 'checking' && !x.closedAt);
    const a = open[0];
    if (!a) throw new Error(`transfers: ${s.email} has no checking account (${res.status})`);
    const balanceCents = open.reduce((t, x) => t + x.balanceCents, 0);
    list.push({ session: s, id: a.id, iban: a.iban, balanceCents, second: open[1] });
  }
  return list;
}

const total = (accounts) => accounts.reduce((t, a) => t + a.balanceCents, 0);

export async function runTransfers(target, { concurrency, seconds, warmupSeconds }) {
  const sessions = target.chatClients.slice(0, Math.max(2, concurrency * 2));
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let before = await accountsOf(target.base, sessions);
  if (target.verifies) {
    // a second checking account each (once), the payee of the client's own transfers
    for (const a of before.filter((x) => !x.second))
      await request(target.base, a.session, 'POST', '/api/accounts', {
        type: 'checking',
        label: 'Compte joint',
      });
    before = await accountsOf(target.base, sessions);
  }
  let seq = 0;
  const tag = `bench-${Date.now()}`;
  const errors = {};
  const samples = [];
  let ok = 0;
  async function loop(w, until, record) {
    const me = before[w % before.length];
    while (performance.now() < until) {
      const to = target.verifies
        ? me.second
        : before[(w + 1 + (seq % (before.length - 1))) % before.length];
      if (to === me) continue;
      const t0 = performance.now();
      const res = await request(
        target.base,
        me.session,
        'POST',
        '/api/transfers',
        {
          fromAccountId: me.id,
          toIban: to.iban,
          amountCents: 1 + (seq % 99),
          label: 'Bench',
          beneficiaryName: 'Bench',
        },
        { headers: { 'idempotency-key': `${tag}-${++seq}` }, agent },
      ).catch((err) => ({ status: err.code ?? 'network' }));
      if (!record) continue;
      if (res.status === 201) {
        ok++;
        samples.push(performance.now() - t0);
      } else errors[res.status] = (errors[res.status] ?? 0) + 1;
    }
  }
  const workers = (until, record) =>
    Promise.all(Array.from({ length: concurrency }, (_, w) => loop(w, until, record)));
  await workers(performance.now() + warmupSeconds * 1000, false);
  const cpu0 = readCpuMs(target.pid);
  const t0 = performance.now();
  await workers(t0 + seconds * 1000, true);
  const elapsed = (performance.now() - t0) / 1000;
  const cpuMs = readCpuMs(target.pid) - cpu0;
  agent.destroy();
  const after = await accountsOf(target.base, sessions);
  let ledger = { checked: false, reason: 'baseline has no ledger check' };
  if (target.verifies) {
    const director = await login(target.base, 'directeur@avenir.test');
    const res = await request(target.base, director, 'GET', '/api/admin/ledger/check');
    ledger = { checked: true, ok: res.body?.ok === true, checks: res.body?.checks };
  }
  return {
    concurrency,
    durationSeconds: seconds,
    transfers: ok,
    perSecond: Math.round((ok / elapsed) * 10) / 10,
    latency: summarize(samples),
    errors,
    balancesUnchanged: total(before) === total(after),
    sumCents: { before: total(before), after: total(after) },
    ledger,
    serverCpuMsPerTransfer: ok ? Math.round((cpuMs / ok) * 1000) / 1000 : null,
  };
}
