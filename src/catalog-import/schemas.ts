/** Request and response schemas of the catalog import routes. */
import { Type } from 'typebox';
import { Timestamp } from '../http/schemas.js';

const Mode = Type.Enum(['full', 'delta']);
const Format = Type.Enum(['csv', 'json']);
const Status = Type.Enum(['running', 'completed', 'refused', 'failed']);

export const UploadQuery = Type.Object(
  {
    // Optional with a default: the OpenAPI document shows them as not required.
    mode: Type.Optional(
      Type.Enum(['full', 'delta'], {
        default: 'full',
        description: 'full: items missing from the feed become unavailable; delta: only the rows given change',
      }),
    ),
    force: Type.Optional(
      Type.Boolean({ default: false, description: 'import even if the guard would refuse the feed' }),
    ),
    createDrafts: Type.Optional(
      Type.Boolean({ default: false, description: 'create draft products from unlinked items' }),
    ),
    format: Type.Optional(
      Type.Enum(['csv', 'json'], { description: 'default: from the content type, else the supplier setting' }),
    ),
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'file name, for the history' })),
  },
  { additionalProperties: false },
);

export const ImportReportSchema = Type.Object({
  importId: Type.Integer(),
  supplierId: Type.Integer(),
  supplierCode: Type.String(),
  status: Status,
  mode: Mode,
  forced: Type.Boolean(),
  rowsRead: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  rejections: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() })),
  markedUnavailable: Type.Integer(),
  underStockBuffer: Type.Integer({ description: 'feed rows with stock at or under the stock buffer' }),
  stockBuffer: Type.Integer(),
  linked: Type.Integer(),
  draftsCreated: Type.Integer(),
  repriced: Type.Integer(),
  message: Type.Union([Type.String(), Type.Null()]),
});

export const ImportHistoryQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);

export const ImportHistorySchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      source: Type.String(),
      format: Format,
      mode: Mode,
      status: Status,
      forced: Type.Boolean(),
      rowsRead: Type.Integer(),
      inserted: Type.Integer(),
      updated: Type.Integer(),
      unchanged: Type.Integer(),
      rejected: Type.Integer(),
      markedUnavailable: Type.Integer(),
      productsRepriced: Type.Integer(),
      message: Type.Union([Type.String(), Type.Null()]),
      startedAt: Timestamp,
      finishedAt: Type.Union([Timestamp, Type.Null()]),
    }),
  ),
});

export const CatalogQuery = Type.Object(
  {
    unlinked: Type.Optional(
      Type.Boolean({ description: 'true: only items not linked to a product; false: only linked' }),
    ),
    available: Type.Optional(Type.Boolean({ description: 'true: only available items; false: only unavailable' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
  },
  { additionalProperties: false },
);

export const CatalogPageSchema = Type.Object({
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      supplierSku: Type.String(),
      productId: Type.Union([Type.Integer(), Type.Null()]),
      productSku: Type.Union([Type.String(), Type.Null()]),
      gtin: Type.Union([Type.String(), Type.Null()]),
      name: Type.Union([Type.String(), Type.Null()]),
      costPrice: Type.String({ description: 'decimal string, 4 decimals' }),
      currency: Type.String(),
      stockQuantity: Type.Integer(),
      leadTimeDays: Type.Union([Type.Integer(), Type.Null()]),
      isAvailable: Type.Boolean(),
      lastSeenAt: Timestamp,
    }),
  ),
});
