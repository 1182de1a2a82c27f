/**
 * Builds the Fastify app; tests use `app.inject`, server.ts listens. Everything the app needs
 * comes in through AppDeps: no module reads the environment.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { Ajv } from 'ajv';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { apiTokenRoutes, authRoutes } from '../auth/routes.js';
import { categoryRoutes, productRoutes } from '../catalog/routes.js';
import { catalogImportHistoryRoutes } from '../catalog-import/history-routes.js';
import { catalogItemRoutes } from '../catalog-import/item-routes.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { MigrationFile } from '../db/migrations/files.js';
import { databaseRoutes } from '../health/database-routes.js';
import { healthRoutes } from '../health/routes.js';
import { inventoryRoutes } from '../inventory/routes.js';
import type { PlacementStep } from '../orders/placement.js';
import { automaticReroute } from '../orders/auto-reroute.js';
import orderRoutes, { rerouteRoutes } from '../orders/routes.js';
import supplierOrderRoutes from '../fulfillment/routes.js';
import { rollUpOrderStatus } from '../orders/roll-up.js';
import { performanceRoutes, supplierPerformanceRoutes } from '../performance/routes.js';
import { orderProfitRoutes, profitReportRoutes } from '../profit/routes.js';
import { whatIfRoutes } from '../routing/what-if/routes.js';
import { alertRoutes } from '../alerts/routes.js';
import { dashboardRoutes } from '../dashboard/routes.js';
import { pricingOverviewRoutes, pricingRuleRoutes, productPricingRoutes, repriceRoutes } from '../pricing/routes.js';
import type { Secrets } from '../secrets.js';
import { supplierRoutes } from '../suppliers/routes.js';
import { installAuth } from './auth.js';
import { installSecurityHeaders } from './security-headers.js';
import { installErrorHandlers } from './errors.js';
import type { App } from './types.js';
import { refuseNulCharacters } from './nul-characters.js';
import { exactBodies, sharedSerializers } from './validation.js';
import { requestForLog } from './request-log.js';
import { answerClientError } from './client-errors.js';
import { postgresRateLimitStore } from '../rate-limits/store.js';
import { installOpenApi } from './openapi.js';
import { registerWeb } from './web.js';

export interface AppDeps {
  config: Pick<Config, 'logLevel'> &
    Partial<
      Pick<
        Config,
        'http' | 'auth' | 'shipping' | 'rerouteOnRejection' | 'routing' | 'performance' | 'alerts' | 'migration'
      >
    >;
  database: Database;
  migrations: MigrationFile[];
  /** Signing and encryption keys; a test may leave them out and get random ones. */
  secrets?: Secrets;
  /** Extra steps inside each order's transaction after it is routed (see orders/placement.ts). */
  orderSteps?: PlacementStep[];
  /** Where log lines go (default stdout); tests capture them. */
  logStream?: DestinationStream;
}

const DEFAULTS = {
  http: { corsOrigins: false, bodyLimitBytes: 1_048_576, trustProxy: false },
  auth: { secret: undefined, tokenTtlSeconds: 28_800, loginRateLimitPerMinute: 10, orderLookupRateLimitPerMinute: 30 },
  shipping: { flatFee: '4.95', freeOver: '50.00' },
  performance: { recomputeCron: '*/15 * * * *', minOrders: 10 },
  routing: { ratingFloor: undefined },
  alerts: { submitMinutes: 30, ackHours: 24, trackingDays: 2, reservationDays: 7 },
  migration: {
    lockTimeoutMs: 5_000,
    statementTimeoutMs: 300_000,
    retries: 3,
    retryBackoffMs: 1_000,
    advisoryLockWaitMs: 30_000,
  },
} satisfies Pick<Config, 'http' | 'auth' | 'shipping' | 'performance' | 'routing' | 'alerts' | 'migration'>;

/** Log paths that may carry secrets: they never reach the log. */
export const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'password',
  '*.password',
  'apiCredentials',
  '*.apiCredentials',
  'webhookSecret',
  '*.webhookSecret',
  'token',
  '*.token',
];

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const http = deps.config.http ?? DEFAULTS.http;
  const authSettings = deps.config.auth ?? DEFAULTS.auth;
  const shipping = deps.config.shipping ?? DEFAULTS.shipping;
  const performance = deps.config.performance ?? DEFAULTS.performance;
  const routing = deps.config.routing ?? DEFAULTS.routing;
  const alerts = deps.config.alerts ?? DEFAULTS.alerts;
  const secrets = deps.secrets ?? { authSecret: randomBytes(32), credentialsKey: randomBytes(32) };
  const db = deps.database.db;

  const app = Fastify({
    logger: {
      level: deps.config.logLevel,
      redact: { paths: REDACT, censor: '[redacted]' },
      serializers: { req: requestForLog },
      ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    bodyLimit: http.bodyLimitBytes,
    clientErrorHandler: answerClientError,
    trustProxy: http.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    },
    schemaController: { compilersFactory: { buildValidator: exactBodies(), buildSerializer: sharedSerializers() } },
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: true,
        verbose: true,
      },
      plugins: [
        // Annotation only: the message a field's validation error shows instead of the generic one.
        (ajv: Ajv) => ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' }),
      ],
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  installErrorHandlers(app);
  refuseNulCharacters(app);
  // Registered, not awaited: avvio loads them in this order when the app becomes ready (inject,
  // listen), so callers can still add hooks to the returned app.
  installSecurityHeaders(app, {
    contentSecurityPolicy: {
      // No upgrade-insecure-requests: over plain http on a LAN address it rewrites the assets to https and the page stays blank.
      directives: { 'img-src': ["'self'", 'data:', 'https:'], 'upgrade-insecure-requests': null },
    },
  });
  // Browsers may read the request id (to quote it) and the replay flag of an order.
  void app.register(cors, { origin: http.corsOrigins, exposedHeaders: ['x-request-id', 'idempotent-replayed'] });
  // Limits count in PostgreSQL: every process of the shop shares them.
  void app.register(rateLimit, { global: false, store: postgresRateLimitStore(db) });
  void app.register(installOpenApi);
  installAuth(app, db, secrets.authSecret);

  void app.register(async (routes: App) => {
    healthRoutes(routes, deps.database, deps.migrations);
    const auth = {
      db,
      secret: secrets.authSecret,
      tokenTtlSeconds: authSettings.tokenTtlSeconds,
      loginRateLimitPerMinute: authSettings.loginRateLimitPerMinute,
    };
    void routes.register(authRoutes, { prefix: '/api/auth', ...auth });
    void routes.register(apiTokenRoutes, { prefix: '/api/tokens', ...auth });
    void routes.register(productRoutes, { prefix: '/api/products', db });
    void routes.register(categoryRoutes, { prefix: '/api/categories', db });
    void routes.register(supplierRoutes, { prefix: '/api/suppliers', db, credentialsKey: secrets.credentialsKey });
    void routes.register(pricingRuleRoutes, { prefix: '/api/pricing-rules', db });
    void routes.register(repriceRoutes, { prefix: '/api/pricing', db });
    void routes.register(pricingOverviewRoutes, { prefix: '/api/pricing', db });
    void routes.register(productPricingRoutes, { prefix: '/api/products', db });
    void routes.register(supplierOrderRoutes, { prefix: '/api/supplier-orders', db, syncOrder: rollUpOrderStatus });
    void routes.register(rerouteRoutes, { prefix: '/api/supplier-orders', db, ratingFloor: routing.ratingFloor });
    void routes.register(inventoryRoutes, { prefix: '/api/inventory', db });
    void routes.register(performanceRoutes, { prefix: '/api/performance', db, minOrders: performance.minOrders });
    void routes.register(supplierPerformanceRoutes, { prefix: '/api/suppliers', db });
    void routes.register(dashboardRoutes, { prefix: '/api/admin/dashboard', db });
    void routes.register(databaseRoutes, {
      prefix: '/api/admin/database',
      database: deps.database,
      migrations: deps.migrations,
      settings: deps.config.migration ?? DEFAULTS.migration,
    });
    void routes.register(alertRoutes, {
      prefix: '/api/alerts',
      db,
      rules: { thresholds: alerts, ratingFloor: routing.ratingFloor },
    });
    // A plugin of its own: the feed upload has its own (raw body) content type parsers.
    void routes.register(import('../catalog-import/routes.js'), {
      prefix: '/api/suppliers',
      database: deps.database,
      config: deps.config,
    });
    void routes.register(catalogItemRoutes, { prefix: '/api/suppliers', db });
    void routes.register(catalogImportHistoryRoutes, { prefix: '/api/catalog-imports', db });
    // A plugin of its own: the tracking file is a text/csv body.
    void routes.register(import('../fulfillment/tracking/routes.js'), {
      prefix: '/api/suppliers',
      db,
      syncOrder: rollUpOrderStatus,
    });
    void routes.register(whatIfRoutes, { prefix: '/api/routing', db, ratingFloor: routing.ratingFloor });
    void routes.register(orderRoutes, {
      prefix: '/api/orders',
      db,
      shipping,
      steps: deps.orderSteps ?? [],
      ratingFloor: routing.ratingFloor,
      lookupRateLimitPerMinute: authSettings.orderLookupRateLimitPerMinute,
    });
    void routes.register(orderProfitRoutes, { prefix: '/api/orders', db });
    void routes.register(profitReportRoutes, { prefix: '/api/reports', db });
    // A plugin of its own: supplier webhooks are verified over the raw body.
    void routes.register(import('../fulfillment/inbound/routes.js'), {
      prefix: '/api/webhooks/suppliers',
      db,
      credentialsKey: secrets.credentialsKey,
      syncOrder: rollUpOrderStatus,
      reroute: (deps.config.rerouteOnRejection ?? true) ? automaticReroute(routing.ratingFloor) : undefined,
    });

    // Last: the frontend's files and its page fallback, after every API route.
    await registerWeb(routes);
  });
  return app;
}
