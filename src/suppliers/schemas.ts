/** Request and response schemas of the supplier routes. Credentials appear only in requests. */
import { Type } from 'typebox';
import { Money, Timestamp } from '../http/schemas.js';
import { CATALOG_FIELDS, FEED_METHODS, ORDER_METHODS } from './types.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Email = Type.String({ format: 'email', maxLength: 320 });
const HttpUrl = Type.String({
  maxLength: 2000,
  pattern: '^https?://[^\\s]+$',
  'x-message': 'must be an http(s) URL like https://api.supplier.example/orders',
});

export const SupplierStatusSchema = Type.Enum(['active', 'paused', 'archived']);

export const ShippingCostRuleSchema = Type.Object(
  {
    type: Type.Enum(['flat', 'free_over', 'per_item']),
    amount: Money(),
    threshold: Type.Optional(Money({ description: 'free_over only: subtotal from which shipping is free' })),
  },
  { additionalProperties: false },
);

const settings = {
  code: Type.String({
    pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$',
    'x-message': 'must be 1 to 32 letters, digits, _ or - (stored in capitals), e.g. ACME',
  }),
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', 'x-message': 'must not be blank' }),
  contactName: Nullable(Type.String({ maxLength: 200 })),
  email: Nullable(Email),
  phone: Nullable(
    Type.String({ maxLength: 50, pattern: '^[+0-9 ()/-]{3,50}$', 'x-message': 'must be a phone number' }),
  ),
  website: Nullable(HttpUrl),
  address: Nullable(Type.Record(Type.String(), Type.Unknown())),
  notes: Nullable(Type.String({ maxLength: 10_000 })),
  status: SupplierStatusSchema,
  orderMethod: Type.Enum([...ORDER_METHODS]),
  apiEndpoint: Nullable(HttpUrl),
  orderEmail: Nullable(Email),
  catalogFeedMethod: Type.Enum([...FEED_METHODS]),
  catalogFeedLocation: Nullable(Type.String({ minLength: 1, maxLength: 2000 })),
  catalogFeedFormat: Type.Enum(['csv', 'json']),
  catalogColumnMapping: Type.Record(Type.String(), Type.String({ minLength: 1, maxLength: 200 }), {
    description: `our field -> the feed's column; fields: ${CATALOG_FIELDS.join(', ')}`,
  }),
  catalogSyncSchedule: Nullable(
    Type.String({ maxLength: 100, description: 'cron expression, 5 fields, e.g. "0 */6 * * *"' }),
  ),
  catalogMaxAgeHours: Type.Integer({ minimum: 1, maximum: 8760 }),
  orderCutoffTime: Nullable(
    Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', 'x-message': 'must be a time HH:MM like 14:30' }),
  ),
  orderCutoffTimezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Berlin' }),
  handlingDays: Type.Integer({ minimum: 0, maximum: 60 }),
  minimumOrderValue: Money(),
  perOrderFee: Money(),
  shippingCostRule: ShippingCostRuleSchema,
  currency: Type.String({ pattern: '^[A-Z]{3}$', 'x-message': 'must be an ISO 4217 currency code like EUR' }),
  autoSubmit: Type.Boolean(),
  liveStockCheck: Type.Boolean({
    description: 'ask the supplier API for stock and cost (GET <apiEndpoint>/stock) before each order is sent',
  }),
  stockBuffer: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  isDropship: Type.Boolean(),
  alertThresholds: Type.Object(
    {
      submitMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
      ackHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
      trackingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    },
    {
      additionalProperties: false,
      description:
        "this supplier's own alarm thresholds over ALERT_SUBMIT_MINUTES, ALERT_ACK_HOURS, ALERT_TRACKING_DAYS ({} = the configured ones)",
    },
  ),
};

const secrets = {
  apiCredentials: Nullable(
    Type.Record(Type.String(), Type.String({ maxLength: 4000 }), {
      description:
        'write-only; stored encrypted, never returned; null clears. By orderMethod: api {"apiKey"}; ' +
        'csv_sftp {"host", "port" (default 22), "username", "password" or "privateKey" (PEM or OpenSSH, with ' +
        '"passphrase" if it has one), "directory" (default: the login directory), "hostKeySha256" (optional: ' +
        'the server key fingerprint as ssh-keygen -l shows it, SHA256:...)}; csv_folder {"folder": an absolute path}',
    }),
  ),
  webhookSecret: Nullable(
    Type.String({
      minLength: 16,
      maxLength: 500,
      description: 'write-only HMAC secret of inbound webhooks; null clears',
    }),
  ),
};

const optional = <T extends Record<string, Parameters<typeof Type.Optional>[0]>>(props: T) =>
  Object.fromEntries(Object.entries(props).map(([k, v]) => [k, Type.Optional(v)])) as {
    [K in keyof T]: ReturnType<typeof Type.Optional<T[K]>>;
  };

const { code, name, ...rest } = settings;

export const CreateSupplierBody = Type.Object(
  { code, name, ...optional(rest), ...optional(secrets) },
  { additionalProperties: false },
);

export const UpdateSupplierBody = Type.Object(
  { ...optional(settings), ...optional(secrets) },
  { additionalProperties: false, minProperties: 1 },
);

export const SupplierSchema = Type.Object({
  id: Type.Integer(),
  ...settings,
  hasApiCredentials: Type.Boolean(),
  hasWebhookSecret: Type.Boolean(),
  lastCatalogSyncAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const SupplierListQuery = Type.Object(
  {
    status: Type.Optional(SupplierStatusSchema),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'part of the name, or the code' })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);

export const SupplierListSchema = Type.Object({ items: Type.Array(SupplierSchema), total: Type.Integer() });
