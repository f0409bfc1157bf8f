import { loadConfig, type AppConfig } from '../../config';
import type { Bank } from './bank';
import type { Gateway } from './gateway';
import type { PasswordHashing } from './hashing';

/** The Worker's bindings (wrangler.toml) and its string variables (the same names as `npm start`'s environment). */
export type WorkerEnv = {
  BANK: DurableObjectNamespace<Bank>;
  GATEWAY: DurableObjectNamespace<Gateway>;
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

/** How many Gateways share the chat sockets (GATEWAY_SHARDS, 4 by default). */
export function shardCount(env: WorkerEnv): number {
  const n = Number(env.GATEWAY_SHARDS ?? 4);
  return Number.isInteger(n) && n > 0 && n <= 1000 ? n : 4;
}

export const gatewayOf = (env: WorkerEnv, shard: number) =>
  env.GATEWAY.get(env.GATEWAY.idFromName(`gateway:${shard}`));
