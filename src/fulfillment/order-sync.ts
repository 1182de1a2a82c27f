/**
 * What fulfillment calls after it changed a part of a customer order (a supplier order's status,
 * a parcel), in the same transaction: the customer order's status follows its parts. The owner of
 * customer orders implements it (rollUpOrderStatus in orders/roll-up.ts); the composition roots
 * (http/app.ts, http/start.ts, the CLI) pass it in, because fulfillment does not import orders
 * (orders imports fulfillment, and a cycle would tie the two together).
 */
import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';

export type SyncOrderStatus = (
  trx: Transaction<DB>,
  orderId: number,
  change: { cause: string; actor: string },
) => Promise<unknown>;
