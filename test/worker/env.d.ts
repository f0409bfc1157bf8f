import type { WorkerEnv } from '../../src/hosts/worker/env';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {}
  }
}
