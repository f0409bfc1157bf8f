/**
 * web: the client on a phone network. Headless Chromium (/usr/bin/chromium) with
 * throttling through CDP — 1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT, CPU 4×
 * slower — loads, each in a fresh context (cold cache):
 *   - login: the sign-in page, as a visitor;
 *   - home: the bank home (`/`) of a returning client (session cookie set through the API,
 *     the role this browser remembers from their sign-in; the HTTP cache cold).
 * For each: bytes transferred (encoded, headers included), requests, and
 * largest-contentful-paint. Goals (issue 23): login LCP ≤ 1.0 s and ≤ 60 KB, home LCP ≤ 1.5 s.
 * Alone: node bench/scenarios/web.mjs http://127.0.0.1:3000 [runs]
 */
import { chromium } from 'playwright-core';
import { PASSWORD } from '../lib/clients.mjs';

export const NETWORK = {
  latency: 150,
  downloadThroughput: 1_600_000 / 8,
  uploadThroughput: 750_000 / 8,
};
export const CPU_SLOWDOWN = 4;

/** Records LCP candidates from the very start of the document. */
const OBSERVE_LCP = () => {
  window.__lcp = null;
  new PerformanceObserver((list) => {
    const last = list.getEntries().at(-1);
    window.__lcp = { ms: last.startTime, element: last.element?.tagName?.toLowerCase() ?? null };
  }).observe({ type: 'largest-contentful-paint', buffered: true });
};

/** What the client stores once someone signed in on this browser (client/state/session.ts, ROLE_HINT). */
const REMEMBER_ROLE = () => localStorage.setItem('avenir.role', 'client');

async function measure(browser, base, { path, ready, signIn }) {
  const context = await browser.newContext({
    baseURL: base,
    locale: 'fr-FR',
    viewport: { width: 390, height: 844 },
    isMobile: true,
  });
  try {
    if (signIn) {
      const res = await context.request.post('/api/auth/login', {
        data: { email: signIn, password: PASSWORD },
        headers: { origin: base },
      });
      if (res.status() !== 200) throw new Error(`web: sign-in ${signIn} → ${res.status()}`);
    }
    const page = await context.newPage();
    // A returning client: this browser signed them in, so it remembers their role
    // (client/state/session.ts); only the HTTP cache is cold.
    if (signIn) await page.addInitScript(REMEMBER_ROLE);
    await page.addInitScript(OBSERVE_LCP);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...NETWORK });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    // Sizes as they came over the wire (encoded body + headers), from Playwright once each finished.
    const requests = [];
    let count = 0; // every request, streams (SSE) included, which never finish
    page.on('request', (request) => {
      if (!request.url().startsWith('data:')) count++;
    });
    page.on('requestfinished', (request) =>
      requests.push(
        request.sizes().then(
          (sizes) => ({
            url: request.url(),
            bytes: sizes.responseBodySize + sizes.responseHeadersSize,
          }),
          () => ({ url: request.url(), bytes: 0 }),
        ),
      ),
    );
    page.on('requestfailed', (request) => requests.push({ url: request.url(), bytes: 0 }));
    await page.goto(path, { waitUntil: 'load' });
    await page.locator(ready).first().waitFor({ timeout: 60_000 });
    // LCP candidates stop once the page is painted and quiet: read it after a settle.
    await page.waitForTimeout(1500);
    const lcp = await page.evaluate(() => window.__lcp);
    const list = (await Promise.all(requests)).filter((r) => !r.url.startsWith('data:'));
    return {
      requests: count,
      kib: Math.round(list.reduce((s, r) => s + r.bytes, 0) / 102.4) / 10,
      lcpMs: lcp ? Math.round(lcp.ms) : null,
      lcpElement: lcp?.element ?? null,
      files: list.map((r) => `${new URL(r.url).pathname} ${(r.bytes / 1024).toFixed(1)} KiB`),
    };
  } finally {
    await context.close();
  }
}

/** Median of `runs` loads of each page (the first run warms nothing: each context starts cold). */
export async function runWeb(target, { runs = 3, person = 'client1@avenir.test' } = {}) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--lang=fr-FR'],
  });
  try {
    const pages = {
      login: { path: '/connexion', ready: 'button[type=submit]' },
      home: { path: '/', ready: '.account-card, .balance-card', signIn: person },
    };
    const out = {};
    for (const [name, spec] of Object.entries(pages)) {
      const samples = [];
      for (let i = 0; i < runs; i++) samples.push(await measure(browser, target.base, spec));
      samples.sort((a, b) => a.lcpMs - b.lcpMs);
      const mid = samples[Math.floor(samples.length / 2)];
      out[name] = { ...mid, lcpRuns: samples.map((s) => s.lcpMs) };
    }
    out.network = { ...NETWORK, cpuSlowdown: CPU_SLOWDOWN };
    return out;
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const base = process.argv[2] ?? 'http://127.0.0.1:3000';
  const result = await runWeb({ base }, { runs: Number(process.argv[3] ?? 3) });
  for (const name of ['login', 'home']) {
    const r = result[name];
    console.log(
      `${name}: ${r.kib} KiB in ${r.requests} requests, LCP ${r.lcpMs} ms (<${r.lcpElement}>; runs ${r.lcpRuns.join(', ')})`,
    );
    for (const f of r.files) console.log(`    ${f}`);
  }
}
