import { loadConfig, type AppConfig } from '../../config';
import type { Bank } from './bank';
import type { PasswordHashing } from './hashing';

/** The Worker's bindings (wrangler.toml) and its string variables (the same names as `npm start`'s environment). */
export type WorkerEnv = {
  BANK: DurableObjectNamespace<Bank>;
  HASHER: Service<PasswordHashing>;
  ASSETS?: Fetcher;
  [name: string]: unknown;
};

/** The app's configuration from the Worker's variables, parsed by the same schema as on Node. */
export function configFromEnv(env: WorkerEnv): AppConfig {
  const vars = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return loadConfig(vars);
}

/** The one Bank: the whole database lives in a single Durable Object. */
export const bankOf = (env: WorkerEnv) => env.BANK.get(env.BANK.idFromName('bank'));
