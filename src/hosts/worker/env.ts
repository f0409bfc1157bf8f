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

/** The headers the host's own objects pass each other (the Gateway's socket and stream hand-overs). */
export const INTERNAL_HEADER = /^x-avenir-/i;

/**
 * `request` without any internal header: what a client sends under those names
 * never reaches the Bank or a Gateway as if the host had set it (front Worker and Bank both strip).
 */
export function withoutInternalHeaders(request: Request): Request {
  const names: string[] = [];
  request.headers.forEach((_v, n) => INTERNAL_HEADER.test(n) && names.push(n));
  if (!names.length) return request;
  const headers = new Headers(request.headers);
  for (const n of names) headers.delete(n);
  return new Request(request, { headers });
}

/** An internal header's JSON value, or null when it is missing or not JSON. */
export function parseHeader<T>(request: Request, name: string): T | null {
  try {
    return JSON.parse(request.headers.get(name) ?? 'null') as T | null;
  } catch {
    return null;
  }
}

/** Only a WebSocket upgrade goes on with its body unread (any other `Upgrade:` offer is declined). */
export const isWebSocketUpgrade = (request: Request) =>
  request.headers.get('upgrade')?.toLowerCase() === 'websocket';
