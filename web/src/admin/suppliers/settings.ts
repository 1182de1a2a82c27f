/**
 * A supplier's settings as the form edits them (text in inputs, booleans in checkboxes) and back
 * to the API's body. The body carries only what the API takes: empty optional text is null, never
 * a guessed default; the write-only secrets go only when the operator sets or clears them.
 */
import type { JsonOf } from '../../api';
import type { paths } from '../../api/schema.js';

export type Supplier = JsonOf<paths['/api/suppliers/{id}']['get']['responses'][200]>;
export type SupplierBody = NonNullable<paths['/api/suppliers']['post']['requestBody']>['content']['application/json'];
export type SupplierPatch = NonNullable<
  paths['/api/suppliers/{id}']['patch']['requestBody']
>['content']['application/json'];

export const ORDER_METHODS = ['api', 'email', 'csv_sftp', 'csv_folder', 'manual'] as const;
export const FEED_METHODS = ['upload', 'url', 'sftp', 'folder', 'api'] as const;
export const SHIPPING_TYPES = ['flat', 'free_over', 'per_item'] as const;
/** Our fields a feed column maps to, and the CSV delimiter (see the API's catalogColumnMapping). */
export const MAPPED_FIELDS = [
  'supplier_sku',
  'cost_price',
  'stock_quantity',
  'name',
  'gtin',
  'currency',
  'lead_time_days',
  'min_order_quantity',
  'product_sku',
  '_delimiter',
] as const;

/** The credentials each order method uses (apiCredentials keys). */
export const CREDENTIAL_KEYS: Record<(typeof ORDER_METHODS)[number], readonly string[]> = {
  api: ['apiKey'],
  email: [],
  csv_sftp: ['host', 'port', 'username', 'password', 'directory'],
  csv_folder: ['folder'],
  manual: [],
};

export interface SupplierForm {
  code: string;
  name: string;
  contactName: string;
  email: string;
  phone: string;
  website: string;
  notes: string;
  orderMethod: (typeof ORDER_METHODS)[number];
  apiEndpoint: string;
  orderEmail: string;
  catalogFeedMethod: (typeof FEED_METHODS)[number];
  catalogFeedLocation: string;
  catalogFeedFormat: 'csv' | 'json';
  mapping: Record<string, string>;
  catalogSyncSchedule: string;
  catalogMaxAgeHours: string;
  orderCutoffTime: string;
  orderCutoffTimezone: string;
  handlingDays: string;
  minimumOrderValue: string;
  perOrderFee: string;
  shippingType: (typeof SHIPPING_TYPES)[number];
  shippingAmount: string;
  shippingThreshold: string;
  currency: string;
  autoSubmit: boolean;
  liveStockCheck: boolean;
  stockBuffer: string;
  isDropship: boolean;
}

/** What to do with a write-only secret on save. */
export type SecretAction = { action: 'keep' } | { action: 'clear' } | { action: 'set'; value: Record<string, string> };

export const NEW_SUPPLIER: SupplierForm = {
  code: '',
  name: '',
  contactName: '',
  email: '',
  phone: '',
  website: '',
  notes: '',
  orderMethod: 'email',
  apiEndpoint: '',
  orderEmail: '',
  catalogFeedMethod: 'upload',
  catalogFeedLocation: '',
  catalogFeedFormat: 'csv',
  mapping: {},
  catalogSyncSchedule: '',
  catalogMaxAgeHours: '48',
  orderCutoffTime: '',
  orderCutoffTimezone: 'Europe/Berlin',
  handlingDays: '1',
  minimumOrderValue: '0.00',
  perOrderFee: '0.00',
  shippingType: 'flat',
  shippingAmount: '0.00',
  shippingThreshold: '',
  currency: 'EUR',
  autoSubmit: false,
  liveStockCheck: false,
  stockBuffer: '0',
  isDropship: true,
};

export function formOf(s: Supplier): SupplierForm {
  return {
    code: s.code,
    name: s.name,
    contactName: s.contactName ?? '',
    email: s.email ?? '',
    phone: s.phone ?? '',
    website: s.website ?? '',
    notes: s.notes ?? '',
    orderMethod: s.orderMethod,
    apiEndpoint: s.apiEndpoint ?? '',
    orderEmail: s.orderEmail ?? '',
    catalogFeedMethod: s.catalogFeedMethod,
    catalogFeedLocation: s.catalogFeedLocation ?? '',
    catalogFeedFormat: s.catalogFeedFormat,
    mapping: { ...s.catalogColumnMapping },
    catalogSyncSchedule: s.catalogSyncSchedule ?? '',
    catalogMaxAgeHours: String(s.catalogMaxAgeHours),
    orderCutoffTime: s.orderCutoffTime ?? '',
    orderCutoffTimezone: s.orderCutoffTimezone,
    handlingDays: String(s.handlingDays),
    minimumOrderValue: s.minimumOrderValue,
    perOrderFee: s.perOrderFee,
    shippingType: s.shippingCostRule.type,
    shippingAmount: s.shippingCostRule.amount,
    shippingThreshold: s.shippingCostRule.threshold ?? '',
    currency: s.currency,
    autoSubmit: s.autoSubmit,
    liveStockCheck: s.liveStockCheck,
    stockBuffer: String(s.stockBuffer),
    isDropship: s.isDropship,
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
/** A whole number as typed; text that is not one goes as it is, for the API to name the field. */
const whole = (s: string) => (/^-?\d+$/.test(s.trim()) ? Number(s.trim()) : (s as unknown as number));

/** The mapping without empty entries: an unmapped field reads the column of its own name. */
export function mappingOf(form: SupplierForm): Record<string, string> {
  return Object.fromEntries(Object.entries(form.mapping).filter(([, column]) => column.trim() !== ''));
}

export function settingsBody(form: SupplierForm): Omit<SupplierBody, 'code' | 'name'> {
  return {
    contactName: orNull(form.contactName),
    email: orNull(form.email),
    phone: orNull(form.phone),
    website: orNull(form.website),
    notes: orNull(form.notes),
    orderMethod: form.orderMethod,
    apiEndpoint: orNull(form.apiEndpoint),
    orderEmail: orNull(form.orderEmail),
    catalogFeedMethod: form.catalogFeedMethod,
    catalogFeedLocation: orNull(form.catalogFeedLocation),
    catalogFeedFormat: form.catalogFeedFormat,
    catalogColumnMapping: mappingOf(form),
    catalogSyncSchedule: orNull(form.catalogSyncSchedule),
    catalogMaxAgeHours: whole(form.catalogMaxAgeHours),
    orderCutoffTime: orNull(form.orderCutoffTime),
    orderCutoffTimezone: form.orderCutoffTimezone.trim(),
    handlingDays: whole(form.handlingDays),
    minimumOrderValue: form.minimumOrderValue.trim(),
    perOrderFee: form.perOrderFee.trim(),
    shippingCostRule: {
      type: form.shippingType,
      amount: form.shippingAmount.trim(),
      ...(form.shippingType === 'free_over' ? { threshold: form.shippingThreshold.trim() } : {}),
    },
    currency: form.currency.trim().toUpperCase(),
    autoSubmit: form.autoSubmit,
    liveStockCheck: form.liveStockCheck,
    stockBuffer: whole(form.stockBuffer),
    isDropship: form.isDropship,
  };
}

/** The secrets part of a body: left out when kept, null when cleared. */
export function secretsBody(credentials: SecretAction, webhook: SecretAction): Partial<SupplierBody> {
  const body: Partial<SupplierBody> = {};
  if (credentials.action === 'clear') body.apiCredentials = null;
  if (credentials.action === 'set') {
    body.apiCredentials = Object.fromEntries(Object.entries(credentials.value).filter(([, v]) => v.trim() !== ''));
  }
  if (webhook.action === 'clear') body.webhookSecret = null;
  if (webhook.action === 'set') body.webhookSecret = webhook.value.secret ?? '';
  return body;
}
