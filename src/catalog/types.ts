/**
 * The catalog as the API takes and shows it: the types are the TypeBox schemas' (schemas.ts), so
 * the validation, the OpenAPI document and the code agree. Amounts are decimal strings from SQL.
 */
import type { Static } from 'typebox';
import type {
  CategoryNode,
  CreateCategoryBody,
  CreateProductBody,
  ProductListQuery,
  ProductPageSchema,
  ProductSchema,
  ProductStatusSchema,
  RemovalSchema,
} from './schemas.js';

export type ProductStatus = Static<typeof ProductStatusSchema>;
export type Product = Static<typeof ProductSchema>;
export type ProductPage = Static<typeof ProductPageSchema>;
/** The list's filters; the route's query schema gives limit and sort their defaults. */
export type ProductQuery = Static<typeof ProductListQuery>;
export type ProductSort = ProductQuery['sort'];
export type ProductInput = Static<typeof CreateProductBody>;
/** A category with its active products (its subcategories' included) and its children. */
export type Category = Static<typeof CategoryNode>;
export type CategoryInput = Static<typeof CreateCategoryBody>;
/** What DELETE did: removed the row, or archived it because other rows refer to it. */
export type RemovalResult = Static<typeof RemovalSchema>;
