import { Hono, type MiddlewareHandler } from 'hono';
import type { UpgradeWebSocket } from 'hono/ws';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './http/env';
import type { Platform } from './platform';
import { checkOrigin, devOnly, loadSession } from './http/middleware';
import { awaitDurable } from './http/durable';
import { healthRoutes } from './http/health';
import { securityHeaders } from './http/security-headers';
import { errorBody, fail } from './http/errors';
import { isStorageUnavailable, UNAVAILABLE_RETRY_AFTER_S } from './db/unavailable';
import { authRoutes, meRoutes } from './auth/routes';
import { scaRoutes, securityRoutes } from './auth/sca-routes';
import { accountRoutes } from './accounts/routes';
import { staffRoutes } from './staff/routes';
import { staffMoneyRoutes } from './staff/money-routes';
import { clientFileRoutes } from './staff/file-routes';
import { staffDeskRoutes } from './staff/desk-routes';
import { beneficiaryRoutes, payeeRoutes, transferRoutes } from './transfers/routes';
import { documentRoutes, receiptRoutes, staffDocumentRoutes } from './documents/routes';
import { preferenceRoutes } from './notifications/preference-routes';
import { adminLedgerRoutes, devDepositRoutes } from './ledger/routes';
import { onboardingRoutes } from './users/onboarding';
import { titleRoutes } from './users/routes';
import { conversationRoutes } from './chat/routes';
import { chatSocketRoutes } from './chat/socket';
import { devMailboxRoutes } from './mail/routes';
import { newsRoutes } from './feed/routes';
import { notificationRoutes } from './notifications/routes';
import { pushRoutes } from './push/routes';
import { eventRoutes } from './feed/event-stream';
import { savingsRoutes } from './savings/routes';
import { devClockRoutes } from './clock/routes';
import { clientPortfolioRoutes, marketRoutes, orderRoutes, portfolioRoutes } from './market/routes';

export const MAX_BODY_BYTES = 64 * 1024;
/** How much of an over-long body a host reads and drops so that any client sees its 413 (API.md « Conventions »). */
export const DISCARD_LIMIT_BYTES = 8 * 1024 * 1024;
const HSTS = 'max-age=31536000; includeSubDomains';

/** What a host (Node, Workers) hands the runtime-free app. */
export type Host = {
  /** The platform for this request (one object on Node; built from bindings on Workers). */
  platform: (c: Parameters<MiddlewareHandler>[0]) => Platform;
  upgradeWebSocket?: UpgradeWebSocket<any, any>;
  /** Serves the built client (static files, SPA fallback). */
  serveClient?: MiddlewareHandler;
};

/**
 * Every JSON route under /api, chained so that its type carries each path, input
 * and answer: the client calls them through Hono's `hc<ApiRoutes>`. Order matters
 * where paths overlap (the first match answers).
 */
const apiRoutes = () =>
  new Hono<AppEnv>()
    .route('/health', healthRoutes)
    .route('/auth', authRoutes)
    .route('/auth', securityRoutes)
    .route('/sca', scaRoutes)
    .route('/me/notification-preferences', preferenceRoutes)
    .route('/me', meRoutes)
    .route('/accounts', accountRoutes)
    // before staffRoutes: its 403 for clients would win
    .route('/clients', staffMoneyRoutes)
    .route('/clients', staffDocumentRoutes)
    // 404, not 403, for whoever may not see the file
    .route('/clients', clientFileRoutes)
    .route('/clients', staffRoutes)
    .route('/staff', staffDeskRoutes)
    .route('/transfers', receiptRoutes)
    .route('/transfers', transferRoutes)
    .route('/documents', documentRoutes)
    .route('/payees', payeeRoutes)
    .route('/beneficiaries', beneficiaryRoutes)
    .route('/admin/ledger', adminLedgerRoutes)
    .route('/titles', titleRoutes)
    .route('/onboarding', onboardingRoutes)
    .route('/conversations', conversationRoutes)
    .route('/news', newsRoutes)
    .route('/notifications', notificationRoutes)
    .route('/push', pushRoutes)
    .route('/events', eventRoutes)
    .route('/savings', savingsRoutes)
    .route('/market', marketRoutes)
    .route('/orders', orderRoutes)
    .route('/portfolio', portfolioRoutes)
    .route('/clients', clientPortfolioRoutes);

/** The API's routes as one type, for the client's typed calls (`hc<ApiRoutes>('/api')`). */
export type ApiRoutes = ReturnType<typeof apiRoutes>;

export function createApp(host: Host) {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    c.set('platform', host.platform(c));
    await next();
  });
  app.use(securityHeaders);
  // HSTS only when the public origin is https (it would pin a plain-http dev setup to https).
  app.use(async (c, next) => {
    await next();
    if (c.var.platform.config.appUrl.protocol === 'https:')
      c.res.headers.set('Strict-Transport-Security', HSTS);
  });
  app.use(
    '/api/*',
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => fail(c, 413, 'payload_too_large') }),
  );
  app.use(checkOrigin);
  app.use('/api/*', loadSession);
  app.use(awaitDurable); // after the handler: a write's answer waits for its sync

  if (host.upgradeWebSocket) app.route('/api/ws', chatSocketRoutes(host.upgradeWebSocket));
  app.route('/api', apiRoutes());
  app.use('/dev/*', devOnly);
  app.route('/dev/clock', devClockRoutes);
  app.route('/dev', devDepositRoutes);
  app.route('/dev', devMailboxRoutes);

  app.all('/api/*', (c) => fail(c, 404, 'not_found'));
  if (host.serveClient) app.get('*', host.serveClient);

  app.notFound((c) => fail(c, 404, 'not_found'));
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500) {
      // Hono's own refusals (malformed JSON, …) are bad input, not server faults.
      const code = err.status === 413 ? 'payload_too_large' : 'validation_failed';
      return c.json(
        errorBody(code, err.status === 400 ? 'Corps de requête JSON invalide.' : undefined),
        err.status,
      );
    }
    if (isStorageUnavailable(err)) {
      // A full disk or an I/O error: the transaction rolled back; the client may retry later.
      console.error('[unavailable]', c.req.method, c.req.path, (err as Error).message);
      c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
      return c.json(errorBody('unavailable'), 503);
    }
    console.error('[error]', c.req.method, c.req.path, err);
    return c.json(errorBody('internal_error'), 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
