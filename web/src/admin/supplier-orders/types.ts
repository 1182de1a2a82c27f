/** Supplier orders as the API document declares them (generated types: never a guessed key). */
import type { JsonOf } from '../../api.js';
import type { paths } from '../../api/schema.js';

export type SupplierOrder = JsonOf<paths['/api/supplier-orders/{id}']['get']['responses'][200]>;
export type SupplierOrderStatus = SupplierOrder['status'];
export type SupplierOrderEvent = JsonOf<
  paths['/api/supplier-orders/{id}/events']['get']['responses'][200]
>['items'][number];
export type SupplierOrderQuery = NonNullable<paths['/api/supplier-orders']['get']['parameters']['query']>;
export type SupplierOrderSort = NonNullable<SupplierOrderQuery['sort']>;
export type MarkBody = JsonOf<paths['/api/supplier-orders/{id}/mark']['post']['requestBody']>;
export type TrackingReport = JsonOf<paths['/api/suppliers/{id}/tracking-imports']['post']['responses'][200]>;
