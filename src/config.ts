import { z } from 'zod';

const flag = z.enum(['auto', 'false', 'true']).default('auto');
const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

export const configSchema = z.object({
  // Production unless told otherwise (`npm start` says development): dev routes fail closed.
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  APP_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_PATH: z.string().min(1).default('./data/avenir.db'),
  SEED: flag,
  SEED_CLIENTS: z.coerce.number().int().min(0).max(100_000).default(6),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default('AVENIR <no-reply@avenir.test>'),
  VAPID_PUBLIC_KEY: z.string().optional(),
  VAPID_PRIVATE_KEY: z.string().optional(),
  VAPID_SUBJECT: z.string().optional(),
  PUSH_ALLOWED_ORIGINS: csv,
  EVENT_RETENTION_DAYS: z.coerce.number().min(0).default(30),
  SSE_HEARTBEAT_MS: z.coerce.number().int().min(10).max(25_000).default(25_000),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  MAIL_RETRY_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
  RATE_LIMIT_FACTOR: z.coerce.number().int().min(1).max(1000).default(1),
  MARKET_AUCTION_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
});

export type AppConfig = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  appUrl: URL;
  /** False when APP_URL was derived from PORT (the host then fixes it once it knows the port). */
  appUrlExplicit: boolean;
  databasePath: string;
  seed: boolean;
  seedClients: number;
  smtpUrl?: string;
  mailFrom: string;
  vapid: { publicKey?: string; privateKey?: string; subject?: string };
  pushAllowedOrigins: string[];
  eventRetentionMs: number;
  /** How often an idle SSE stream gets a `: ping` comment (tests shorten it). */
  sseHeartbeatMs: number;
  /** Multiplies every limit of src/http/limits.ts (1; load tests raise it). */
  rateLimitFactor: number;
  /** The dev mailbox replaces SMTP outside production when no SMTP_URL is set. */
  devMailbox: boolean;
  /** Behind a reverse proxy: the client address comes from X-Forwarded-For. */
  trustProxy: boolean;
  /** The outbox loop's period and first retry delay (doubling up to an hour; tests shorten it). */
  mailRetryMs: number;
  /** How long a volatility auction lasts (API.md « Trading phases »). */
  marketAuctionSeconds: number;
};

/** Parses the environment once; throws a readable message listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = configSchema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Configuration invalide :\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const origins = e.PUSH_ALLOWED_ORIGINS.map((o) => {
    const u = URL.canParse(o) ? new URL(o) : null;
    if (!u || u.protocol !== 'https:')
      throw new Error(`PUSH_ALLOWED_ORIGINS: ${o} n'est pas une origine https`);
    return u.origin;
  });
  if (!e.VAPID_PUBLIC_KEY !== !e.VAPID_PRIVATE_KEY) {
    throw new Error(
      'Configuration invalide :\n  VAPID_PUBLIC_KEY et VAPID_PRIVATE_KEY se donnent ensemble (ou aucun des deux).',
    );
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    appUrl: new URL(e.APP_URL ?? `http://localhost:${e.PORT}`),
    appUrlExplicit: !!e.APP_URL,
    databasePath: e.DATABASE_PATH,
    seed: e.SEED !== 'false',
    seedClients: e.SEED_CLIENTS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    vapid: {
      publicKey: e.VAPID_PUBLIC_KEY,
      privateKey: e.VAPID_PRIVATE_KEY,
      subject: e.VAPID_SUBJECT,
    },
    pushAllowedOrigins: origins,
    eventRetentionMs: e.EVENT_RETENTION_DAYS * 86_400_000,
    sseHeartbeatMs: e.SSE_HEARTBEAT_MS,
    rateLimitFactor: e.RATE_LIMIT_FACTOR,
    devMailbox: !e.SMTP_URL && e.NODE_ENV !== 'production',
    trustProxy: e.TRUST_PROXY === 'true',
    mailRetryMs: e.MAIL_RETRY_MS,
    marketAuctionSeconds: e.MARKET_AUCTION_SECONDS,
  };
}
