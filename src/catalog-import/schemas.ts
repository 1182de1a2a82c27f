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

/** What an import did with the feed's rows, in its report and in the history. */
const rowCounts = {
  rowsRead: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
};

const RejectionSchema = Type.Object({ line: Type.Integer(), reason: Type.String() });

export const ImportReportSchema = Type.Object({
  importId: Type.Integer(),
  supplierId: Type.Integer(),
  supplierCode: Type.String(),
  status: Status,
  mode: Mode,
  forced: Type.Boolean(),
  ...rowCounts,
  rejections: Type.Array(RejectionSchema),
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

const ImportSummary = Type.Object({
  id: Type.Integer(),
  supplierId: Type.Integer(),
  supplierCode: Type.String(),
  source: Type.String(),
  format: Format,
  mode: Mode,
  status: Status,
  forced: Type.Boolean(),
  ...rowCounts,
  markedUnavailable: Type.Integer(),
  productsRepriced: Type.Integer(),
  message: Type.Union([Type.String(), Type.Null()]),
  startedAt: Timestamp,
  finishedAt: Type.Union([Timestamp, Type.Null()]),
});

export const ImportHistorySchema = Type.Object({ items: Type.Array(ImportSummary) });

export const ImportListQuery = Type.Object(
  {
    supplierId: Type.Optional(Type.Integer({ minimum: 1, description: 'only this supplier' })),
    status: Type.Optional(Status),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);

export const ImportListSchema = Type.Object({ items: Type.Array(ImportSummary), total: Type.Integer() });

export const ImportDetailSchema = Type.Object({
  ...ImportSummary.properties,
  rejections: Type.Array(RejectionSchema, {
    description: 'the first 1000 rejected rows, by line',
  }),
});

export const CatalogQuery = Type.Object(
  {
    unlinked: Type.Optional(
      Type.Boolean({ description: 'true: only items not linked to a product; false: only linked' }),
    ),
    available: Type.Optional(Type.Boolean({ description: 'true: only available items; false: only unavailable' })),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'part of the supplier SKU, the name or the GTIN' }),
    ),
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

export const LinkItemBody = Type.Object(
  {
    supplierSku: Type.String({ minLength: 1, maxLength: 200 }),
    productSku: Type.String({ minLength: 1, maxLength: 64, description: 'the shop product to link the item to' }),
  },
  { additionalProperties: false },
);

export const LinkedSchema = Type.Object({
  productId: Type.Integer(),
  repriced: Type.Integer({ description: 'products whose price changed' }),
});

export const DraftsSchema = Type.Object({
  created: Type.Integer({ description: 'draft products created from available unlinked items with a name' }),
  repriced: Type.Integer(),
});

export const FeedPreviewBody = Type.Object(
  {
    sample: Type.String({
      minLength: 1,
      maxLength: 262_144,
      description: 'the start of a feed (header and first rows), as text',
    }),
    format: Type.Optional(Format),
    mapping: Type.Optional(
      Type.Record(Type.String(), Type.String({ minLength: 1, maxLength: 200 }), {
        description: "the column mapping to try (default: the supplier's), as catalogColumnMapping",
      }),
    ),
    rows: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
  },
  { additionalProperties: false },
);

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const FeedPreviewSchema = Type.Object({
  format: Format,
  columns: Type.Array(Type.String(), { description: 'the CSV header, or the keys of the JSON objects read' }),
  mapping: Type.Record(Type.String(), Type.String(), { description: 'our field -> the column it is read from' }),
  rows: Type.Array(
    Type.Object({
      line: Type.Integer(),
      fields: Type.Record(Type.String(), Nullable(Type.String()), { description: 'what each field reads' }),
      row: Nullable(
        Type.Object({
          supplierSku: Type.String(),
          costPrice: Type.String(),
          stockQuantity: Type.Integer(),
          gtin: Nullable(Type.String()),
          name: Nullable(Type.String()),
          currency: Type.String(),
          leadTimeDays: Nullable(Type.Integer()),
          minOrderQuantity: Type.Integer(),
          productSku: Nullable(Type.String()),
        }),
      ),
      reason: Nullable(Type.String({ description: 'why the import would reject the row' })),
    }),
  ),
  problem: Nullable(Type.String({ description: 'why the sample as a whole does not work with this mapping' })),
});
