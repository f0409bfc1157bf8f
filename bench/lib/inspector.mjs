/**
 * A full garbage collection in a server process, from outside: the servers run
 * with `--inspect=127.0.0.1:0` and the idle scenario calls the inspector's
 * HeapProfiler.collectGarbage before reading RSS, so garbage left by earlier
 * scenarios does not blur the per-connection figure.
 */
import WebSocket from 'ws';

/** Collects garbage; returns the JS heap in use afterwards (KiB), or null without an inspector. */
export function collectGarbage(inspectorUrl, timeoutMs = 30_000) {
  if (!inspectorUrl) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(inspectorUrl, { perMessageDeflate: false });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('inspector: no answer in time'));
    }, timeoutMs);
    let heapKiB = null;
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })));
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data));
      if (msg.id === 1) ws.send(JSON.stringify({ id: 2, method: 'Runtime.getHeapUsage' }));
      if (msg.id === 2) {
        heapKiB = msg.result ? Math.round(msg.result.usedSize / 1024) : null;
        ws.close();
      }
    });
    ws.on('close', () => {
      clearTimeout(timer);
      resolve(heapKiB);
    });
    ws.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Starts the V8 CPU profiler in the server; `stop()` resolves with the .cpuprofile object. */
export function startProfiling(inspectorUrl, intervalUs = 1000) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(inspectorUrl, {
      perMessageDeflate: false,
      maxPayload: 1024 * 1024 * 1024,
    });
    const waiting = new Map();
    let nextId = 1;
    const call = (method, params = {}) =>
      new Promise((ok, ko) => {
        const id = nextId++;
        waiting.set(id, { ok, ko });
        ws.send(JSON.stringify({ id, method, params }));
      });
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data));
      const w = waiting.get(msg.id);
      if (!w) return;
      waiting.delete(msg.id);
      if (msg.error) w.ko(new Error(`inspector: ${msg.error.message}`));
      else w.ok(msg.result);
    });
    ws.on('error', reject);
    ws.on('open', async () => {
      try {
        await call('Profiler.enable');
        await call('Profiler.setSamplingInterval', { interval: intervalUs });
        await call('Profiler.start');
        resolve({
          async stop() {
            const { profile } = await call('Profiler.stop');
            await call('Profiler.disable');
            ws.close();
            return profile;
          },
        });
      } catch (err) {
        ws.terminate();
        reject(err);
      }
    });
  });
}
