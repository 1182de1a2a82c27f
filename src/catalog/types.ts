/** The catalog as the API shows it: products (with their category and stock flag) and categories. */
import type { ProductStatus } from '../db/types.js';

export type { ProductStatus };

export interface Product {
  id: number;
  sku: string;
  slug: string;
  name: string;
  description: string | null;
  category: { id: number; slug: string; name: string } | null;
  gtin: string | null;
  price: string;
  compareAtPrice: string | null;
  currency: string;
  status: ProductStatus;
  images: string[];
  attributes: Record<string, unknown>;
  inStock: boolean;
  createdAt: string;
  updatedAt: string;
  /** Staff only. */
  costPrice?: string | null;
  priceLocked?: boolean;
}

export type ProductSort = 'newest' | 'price' | 'price_desc' | 'name';

export interface ProductQuery {
  limit: number;
  offset?: number | undefined;
  cursor?: string | undefined;
  /** Category id or slug; includes its subcategories. */
  category?: string | undefined;
  q?: string | undefined;
  minPrice?: string | undefined;
  maxPrice?: string | undefined;
  inStock?: boolean | undefined;
  sort: ProductSort;
  /** undefined = any status (staff only); the public always gets 'active'. */
  status?: ProductStatus | undefined;
}

export interface ProductPage {
  items: Product[];
  nextCursor: string | null;
  /** Matching products in all pages (offset paging); null with a cursor. */
  total: number | null;
}

export interface ProductInput {
  sku: string;
  name: string;
  price: string;
  slug?: string | undefined;
  description?: string | null | undefined;
  categoryId?: number | null | undefined;
  gtin?: string | null | undefined;
  compareAtPrice?: string | null | undefined;
  costPrice?: string | null | undefined;
  currency?: string | undefined;
  status?: ProductStatus | undefined;
  images?: string[] | undefined;
  attributes?: Record<string, unknown> | undefined;
  priceLocked?: boolean | undefined;
}

export interface Category {
  id: number;
  parentId: number | null;
  name: string;
  slug: string;
  description: string | null;
  position: number;
  isActive: boolean;
  /** Active products in this category and all its subcategories. */
  productCount: number;
  children: Category[];
}

export interface CategoryInput {
  name: string;
  slug?: string | undefined;
  parentId?: number | null | undefined;
  description?: string | null | undefined;
  position?: number | undefined;
  isActive?: boolean | undefined;
}

/** What DELETE did: removed the row, or archived it because other rows refer to it. */
export interface RemovalResult {
  id: number;
  outcome: 'deleted' | 'archived';
  reason?: string;
}
