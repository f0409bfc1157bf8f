import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The client build, its _headers and migrations.js must exist before workerd loads wrangler.toml.
// In a process of its own: inside this pool's module runner, a stale client's vite build fails
// (preact's plugin imports dynamically: ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING).
export default function setup() {
  const script = fileURLToPath(new URL('../../scripts/worker-build.mjs', import.meta.url));
  execFileSync(process.execPath, [script], { stdio: 'inherit' });
}
