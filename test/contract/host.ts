/**
 * The host a contract test runs against, from the outside only: the Node host
 * in-process by default, the Worker host (`npm run start:worker`) when
 * AVENIR_HOST=worker. Every rule of API.md must hold on both.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientsOf, startTestApp } from '../harness';
import { startWorkerHost, type WorkerHost } from '../worker-host';
import { createWebPushSender } from '../../src/push/web-push-sender';
import type { LocalPushService } from '../../src/push/testing/push-service';

export const hostKind = process.env.AVENIR_HOST === 'worker' ? 'worker' : 'node';

export type ContractHost = ReturnType<typeof clientsOf> & {
  origin: string;
  /** The worker host's process (SIGKILL of its group and restart tests). */
  worker?: WorkerHost;
  stop(): Promise<void>;
};

export async function startContractHost(
  env: Record<string, string> = {},
  opts: { push?: LocalPushService } = {},
): Promise<ContractHost> {
  if (opts.push) env = { PUSH_ALLOWED_ORIGINS: opts.push.origin, ...env };
  // Development by default: the suite reads codes from the dev mailbox and moves the dev clock.
  // dev-routes.contract.test.ts starts it in production, as outside suites do (API.md « Other »).
  env = { NODE_ENV: 'development', ...env };
  if (hostKind === 'node') {
    const app = await startTestApp(env);
    // In-process, the sender trusts the push service's certificate through its agent.
    if (opts.push) app.platform.push = createWebPushSender({ agent: opts.push.agent });
    return { ...clientsOf(app.origin), origin: app.origin, stop: () => app.stop() };
  }
  // workerd trusts it through NODE_EXTRA_CA_CERTS, read when wrangler starts.
  const certDir = mkdtempSync(join(tmpdir(), 'avenir-ca-'));
  const extra: Record<string, string> = {};
  if (opts.push) {
    writeFileSync(join(certDir, 'ca.pem'), opts.push.cert);
    extra.NODE_EXTRA_CA_CERTS = join(certDir, 'ca.pem');
  }
  const worker = await startWorkerHost({ ...extra, ...env });
  return {
    ...clientsOf(worker.origin),
    origin: worker.origin,
    worker,
    async stop() {
      await worker.stop();
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}
