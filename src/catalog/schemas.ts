/** Request and response schemas of the catalog routes. */
import { Type } from 'typebox';
import { Cost, Money, Timestamp } from '../http/schemas.js';
import { SLUG_PATTERN } from './slug.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ProductStatusSchema = Type.Enum(['draft', 'active', 'archived']);

const Slug = Type.String({
  minLength: 1,
  maxLength: 120,
  pattern: SLUG_PATTERN,
  'x-message': 'must be lowercase letters and digits joined by single hyphens, e.g. "blue-sneakers-42"',
});

export const ProductListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'page size, at most 100' }),
    offset: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1_000_000,
        description: 'offset paging (0 for the first page); only offset paging gives total',
      }),
    ),
    cursor: Type.Optional(
      Type.String({ minLength: 1, maxLength: 1000, description: 'keyset paging: nextCursor of the previous page' }),
    ),
    category: Type.Optional(
      Type.String({ minLength: 1, maxLength: 120, description: 'category id or slug, subcategories included' }),
    ),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'search in name and SKU (prefixes)' })),
    minPrice: Type.Optional(Money()),
    maxPrice: Type.Optional(Money()),
    inStock: Type.Optional(Type.Boolean()),
    sort: Type.Enum(['newest', 'price', 'price_desc', 'name'], { default: 'newest' }),
    status: Type.Optional(ProductStatusSchema),
  },
  { additionalProperties: false },
);

export const ProductSchema = Type.Object({
  id: Type.Integer(),
  sku: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  category: Nullable(Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String() })),
  gtin: Nullable(Type.String()),
  price: Type.String({ description: 'decimal string, e.g. "19.99"' }),
  compareAtPrice: Nullable(Type.String()),
  currency: Type.String(),
  status: ProductStatusSchema,
  images: Type.Array(Type.String()),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  inStock: Type.Boolean(),
  availability: Type.Object(
    {
      state: Type.Enum(['in_stock', 'from_supplier', 'sold_out'], {
        description: 'in_stock: in our own stock; from_supplier: a supplier ships it; sold_out: nobody can',
      }),
      shipsWithinDays: Nullable(
        Type.Integer({ description: 'from_supplier: the supplier ships within this many days (its lead time)' }),
      ),
    },
    { description: "what the storefront tells the customer about the product's availability" },
  ),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  costPrice: Type.Optional(Nullable(Type.String({ description: 'staff only' }))),
  priceLocked: Type.Optional(Type.Boolean({ description: 'staff only' })),
});

export const ProductPageSchema = Type.Object({
  items: Type.Array(ProductSchema),
  nextCursor: Nullable(Type.String()),
  total: Nullable(
    Type.Integer({
      description:
        'all matches, counted when offset is given (offset paging); null for keyset paging (no offset, with or without a cursor), which never counts',
    }),
  ),
});

const productFields = {
  sku: Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^\\S(.*\\S)?$',
    'x-message': 'must not be blank or padded',
  }),
  name: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S', 'x-message': 'must not be blank' }),
  price: Money(),
  slug: Slug,
  description: Nullable(Type.String({ maxLength: 20_000 })),
  categoryId: Nullable(Type.Integer({ minimum: 1 })),
  gtin: Nullable(Type.String({ pattern: '^[0-9]{8,14}$', 'x-message': 'must be 8 to 14 digits (EAN/GTIN)' })),
  compareAtPrice: Nullable(Money()),
  costPrice: Nullable(Cost()),
  currency: Type.String({ pattern: '^[A-Z]{3}$', 'x-message': 'must be a 3-letter currency code like EUR' }),
  status: ProductStatusSchema,
  images: Type.Array(Type.String({ format: 'uri', maxLength: 2000 }), { maxItems: 20 }),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  priceLocked: Type.Boolean(),
};

export const CreateProductBody = Type.Object(
  {
    sku: productFields.sku,
    name: productFields.name,
    price: productFields.price,
    slug: Type.Optional(productFields.slug),
    description: Type.Optional(productFields.description),
    categoryId: Type.Optional(productFields.categoryId),
    gtin: Type.Optional(productFields.gtin),
    compareAtPrice: Type.Optional(productFields.compareAtPrice),
    costPrice: Type.Optional(productFields.costPrice),
    currency: Type.Optional(productFields.currency),
    status: Type.Optional(productFields.status),
    images: Type.Optional(productFields.images),
    attributes: Type.Optional(productFields.attributes),
    priceLocked: Type.Optional(productFields.priceLocked),
  },
  { additionalProperties: false },
);

export const UpdateProductBody = Type.Object(
  {
    sku: Type.Optional(productFields.sku),
    name: Type.Optional(productFields.name),
    price: Type.Optional(productFields.price),
    slug: Type.Optional(productFields.slug),
    description: Type.Optional(productFields.description),
    categoryId: Type.Optional(productFields.categoryId),
    gtin: Type.Optional(productFields.gtin),
    compareAtPrice: Type.Optional(productFields.compareAtPrice),
    costPrice: Type.Optional(productFields.costPrice),
    currency: Type.Optional(productFields.currency),
    status: Type.Optional(productFields.status),
    images: Type.Optional(productFields.images),
    attributes: Type.Optional(productFields.attributes),
    priceLocked: Type.Optional(productFields.priceLocked),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const IdOrSlugParam = Type.Object({ idOrSlug: Type.String({ minLength: 1, maxLength: 120 }) });

export const RemovalSchema = Type.Object({
  id: Type.Integer(),
  outcome: Type.Enum(['deleted', 'archived']),
  reason: Type.Optional(Type.String()),
});

export const CategoryNode = Type.Cyclic(
  {
    Category: Type.Object({
      id: Type.Integer(),
      parentId: Nullable(Type.Integer()),
      name: Type.String(),
      slug: Type.String(),
      description: Nullable(Type.String()),
      position: Type.Integer(),
      isActive: Type.Boolean(),
      productCount: Type.Integer({ description: 'active products here and in all subcategories' }),
      children: Type.Array(Type.Ref('Category')),
    }),
  },
  'Category',
);

export const CategorySchema = Type.Object({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  name: Type.String(),
  slug: Type.String(),
  description: Nullable(Type.String()),
  position: Type.Integer(),
  isActive: Type.Boolean(),
});

const categoryFields = {
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', 'x-message': 'must not be blank' }),
  slug: Slug,
  parentId: Nullable(Type.Integer({ minimum: 1 })),
  description: Nullable(Type.String({ maxLength: 5000 })),
  position: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 }),
  isActive: Type.Boolean(),
};

export const CreateCategoryBody = Type.Object(
  {
    name: categoryFields.name,
    slug: Type.Optional(categoryFields.slug),
    parentId: Type.Optional(categoryFields.parentId),
    description: Type.Optional(categoryFields.description),
    position: Type.Optional(categoryFields.position),
    isActive: Type.Optional(categoryFields.isActive),
  },
  { additionalProperties: false },
);

export const UpdateCategoryBody = Type.Object(
  {
    name: Type.Optional(categoryFields.name),
    slug: Type.Optional(categoryFields.slug),
    parentId: Type.Optional(categoryFields.parentId),
    description: Type.Optional(categoryFields.description),
    position: Type.Optional(categoryFields.position),
    isActive: Type.Optional(categoryFields.isActive),
  },
  { additionalProperties: false, minProperties: 1 },
);
