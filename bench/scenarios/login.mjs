/**
 * login: one person's sign-in latency, alone and while another address floods
 * the login route with `flood` concurrent wrong-password logins for random
 * emails (the audit's attack: on b48fb72 a real login then took 22 s). The
 * flood comes from 127.0.0.1 and the person from 127.0.0.2 — two client
 * addresses on the loopback, so no proxy header is involved. Each round fires
 * the flood, lets it land, then times the person's login; the next round
 * starts once the flood has been answered.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { PASSWORD } from '../lib/clients.mjs';
import { sleep, summarize } from '../lib/stats.mjs';

/** POSTs JSON from `localAddress` on a fresh connection; resolves with the status code. */
function post(base, path, body, localAddress) {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = http.request(`${base}${path}`, {
      method: 'POST',
      agent: false,
      localAddress,
      headers: {
        origin: base,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.end(payload);
  });
}

export async function runLogin(target, { flood, rounds, quietSamples, person, landMs }) {
  if (!target.verifies) return { skipped: 'no password hashing in the baseline' };
  const login = async () => {
    const t0 = performance.now();
    const status = await post(
      target.base,
      '/api/auth/login',
      { email: person, password: PASSWORD },
      '127.0.0.2',
    );
    if (status !== 200) throw new Error(`${person}: HTTP ${status} during the login scenario`);
    return performance.now() - t0;
  };
  const quiet = [];
  for (let i = 0; i < quietSamples; i++) quiet.push(await login());
  const underFlood = [];
  const statuses = {};
  for (let r = 0; r < rounds; r++) {
    const answers = Array.from({ length: flood }, (_, i) =>
      post(
        target.base,
        '/api/auth/login',
        {
          email: `flood-${r}-${i}-${Math.random().toString(36).slice(2)}@exemple.fr`,
          password: 'faux',
        },
        '127.0.0.1',
      ).catch((err) => err.code ?? 'error'),
    );
    await sleep(landMs); // the flood's requests are in (or refused) before the person tries
    underFlood.push(await login());
    for (const s of await Promise.all(answers)) statuses[s] = (statuses[s] ?? 0) + 1;
  }
  return {
    flood,
    rounds,
    alone: summarize(quiet),
    underFlood: summarize(underFlood),
    floodAnswers: statuses,
  };
}
