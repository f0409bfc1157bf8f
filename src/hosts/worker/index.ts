/**
 * The Worker host (wrangler.toml's `main`): the front Worker's fetch handler
 * and the classes the bindings name.
 */
import { handleFetch } from './front';
import type { WorkerEnv } from './env';

export { Bank } from './bank';
export { Gateway } from './gateway';
export { PasswordHashing } from './hashing';

export default {
  fetch: (request, env) => handleFetch(request, env),
} satisfies ExportedHandler<WorkerEnv>;
