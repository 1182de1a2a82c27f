/**
 * Rules of suppliers: defaults, validation of the complete settings (a PATCH is merged into the
 * stored row first, in the same transaction), encryption of write-only credentials, archiving.
 */
import type { Kysely, Transaction } from 'kysely';
import { repriceProducts } from '../catalog/prices.js';
import type { DB } from '../db/types.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { encryptSecret } from './crypto.js';
import * as repo from './repository.js';
import type {
  Supplier,
  SupplierInput,
  SupplierPatch,
  SupplierQuery,
  SupplierSecrets,
  SupplierSettings,
} from './types.js';
import { canonicalTimeZone, settingsProblems } from './validation.js';

export const DEFAULT_SETTINGS: Omit<SupplierSettings, 'code' | 'name'> = {
  contactName: null,
  email: null,
  phone: null,
  website: null,
  address: null,
  notes: null,
  status: 'active',
  orderMethod: 'manual',
  apiEndpoint: null,
  orderEmail: null,
  catalogFeedMethod: 'upload',
  catalogFeedLocation: null,
  catalogFeedFormat: 'csv',
  catalogColumnMapping: {},
  catalogSyncSchedule: null,
  catalogMaxAgeHours: 48,
  orderCutoffTime: null,
  orderCutoffTimezone: 'Europe/Berlin',
  handlingDays: 1,
  minimumOrderValue: '0',
  perOrderFee: '0',
  shippingCostRule: { type: 'flat', amount: '0.00' },
  currency: 'EUR',
  autoSubmit: false,
  liveStockCheck: false,
  stockBuffer: 0,
  isDropship: false,
  alertThresholds: {},
};

export const listSuppliers = (db: Kysely<DB>, query: SupplierQuery) => repo.listSuppliers(db, query);

export async function getSupplier(db: Kysely<DB>, id: number): Promise<Supplier> {
  const row = await repo.findSupplierRow(db, id);
  if (!row) throw new NotFoundError(`there is no supplier ${id}`);
  return repo.toSupplier(row);
}

export async function createSupplier(db: Kysely<DB>, key: Buffer, input: SupplierInput): Promise<Supplier> {
  const { settings, secrets } = split(input);
  const merged = normalize({ ...DEFAULT_SETTINGS, ...settings } as SupplierSettings);
  check(merged, secrets.apiCredentials != null);
  return repo.insertSupplier(db, merged, encrypt(key, secrets));
}

export async function updateSupplier(
  trx: Transaction<DB>,
  key: Buffer,
  id: number,
  patch: SupplierPatch,
): Promise<Supplier> {
  const row = await repo.findSupplierRow(trx, id, true);
  if (!row) throw new NotFoundError(`there is no supplier ${id}`);
  const { settings, secrets } = split(patch);
  const merged = normalize({ ...repo.toSettings(row), ...settings });
  const hasCredentials =
    secrets.apiCredentials !== undefined ? secrets.apiCredentials !== null : row.api_credentials_encrypted !== null;
  check(merged, hasCredentials);
  const updated = await repo.updateSupplier(trx, id, merged, encrypt(key, secrets));
  const before = repo.toSettings(row);
  const changed = COST_SETTINGS.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(merged[k]));
  if (changed.length > 0) {
    await repriceProducts(trx, { reason: `supplier ${merged.code} changed: ${changed.join(', ')}`, supplierId: id });
  }
  return updated;
}

/** Settings that change what a unit from the supplier costs us, or whether it can be sold. */
const COST_SETTINGS = [
  'status',
  'isDropship',
  'perOrderFee',
  'shippingCostRule',
  'stockBuffer',
  'currency',
  'catalogMaxAgeHours',
] as const satisfies (keyof SupplierSettings)[];

/** Archived suppliers keep their history (supplier orders refer to them) and get no new orders. */
export function archiveSupplier(trx: Transaction<DB>, key: Buffer, id: number): Promise<Supplier> {
  return updateSupplier(trx, key, id, { status: 'archived', autoSubmit: false });
}

function split(input: SupplierPatch): { settings: Partial<SupplierSettings>; secrets: Partial<SupplierSecrets> } {
  const { apiCredentials, webhookSecret, ...settings } = input;
  const secrets: Partial<SupplierSecrets> = {};
  if (apiCredentials !== undefined) secrets.apiCredentials = apiCredentials;
  if (webhookSecret !== undefined) secrets.webhookSecret = webhookSecret;
  return { settings: dropUndefined(settings), secrets };
}

function normalize(s: SupplierSettings): SupplierSettings {
  return {
    ...s,
    code: s.code.toUpperCase(),
    orderCutoffTimezone: canonicalTimeZone(s.orderCutoffTimezone) ?? s.orderCutoffTimezone,
    catalogSyncSchedule: s.catalogSyncSchedule?.trim().replace(/\s+/g, ' ') ?? null,
  };
}

function check(s: SupplierSettings, hasCredentials: boolean): void {
  const problems = settingsProblems(s, hasCredentials);
  if (problems.length > 0) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new InvalidInputError(`${first.path.slice(1)} ${first.message}${more}`, problems);
  }
}

function encrypt(key: Buffer, secrets: Partial<SupplierSecrets>): repo.EncryptedValues {
  const out: repo.EncryptedValues = {};
  if (secrets.apiCredentials !== undefined) {
    out.api_credentials_encrypted =
      secrets.apiCredentials === null
        ? null
        : encryptSecret(key, 'api_credentials_encrypted', JSON.stringify(secrets.apiCredentials));
  }
  if (secrets.webhookSecret !== undefined) {
    out.webhook_secret_encrypted =
      secrets.webhookSecret === null ? null : encryptSecret(key, 'webhook_secret_encrypted', secrets.webhookSecret);
  }
  return out;
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
