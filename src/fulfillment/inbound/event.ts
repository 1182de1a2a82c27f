/**
 * A supplier's webhook event (DESIGN §7), read from the raw body: every problem names its field
 * as a JSON pointer, so a malformed event is a 400 that says what to fix.
 */
import { InvalidInputError } from '../../errors.js';

export const EVENT_TYPES = [
  'order.accepted',
  'order.rejected',
  'order.shipped',
  'order.delivered',
  'order.cancelled',
] as const;
export type SupplierEventType = (typeof EVENT_TYPES)[number];

export interface SupplierEvent {
  id: string;
  type: SupplierEventType;
  reference: string;
  occurredAt: Date;
  reason?: string;
  externalReference?: string;
  shipment?: {
    carrier: string;
    trackingNumber: string;
    trackingUrl?: string;
    /** Absent: everything shipped. */
    lines?: { supplierSku: string; quantity: number }[];
  };
  /** The body as received, for the event log. */
  raw: Record<string, unknown>;
}

export function parseSupplierEvent(rawBody: string): SupplierEvent {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw InvalidInputError.field('/', 'the body is not valid JSON');
  }
  if (!isObject(body)) throw InvalidInputError.field('/', 'the body must be a JSON object');
  const id = text(body, 'id', '/id', 200);
  const type = text(body, 'type', '/type', 50);
  if (!(EVENT_TYPES as readonly string[]).includes(type)) {
    throw InvalidInputError.field('/type', `must be one of ${EVENT_TYPES.join(', ')}`);
  }
  const reference = text(body, 'reference', '/reference', 200);
  const occurredAt = new Date(text(body, 'occurredAt', '/occurredAt', 40));
  if (Number.isNaN(occurredAt.getTime())) throw InvalidInputError.field('/occurredAt', 'must be an ISO 8601 date-time');
  const event: SupplierEvent = { id, type: type as SupplierEventType, reference, occurredAt, raw: body };
  if (body.reason !== undefined) event.reason = text(body, 'reason', '/reason', 2000);
  if (body.externalReference !== undefined)
    event.externalReference = text(body, 'externalReference', '/externalReference', 200);
  if (body.shipment !== undefined) {
    if (!isObject(body.shipment)) throw InvalidInputError.field('/shipment', 'must be an object');
    const s = body.shipment;
    const shipment: NonNullable<SupplierEvent['shipment']> = {
      carrier: text(s, 'carrier', '/shipment/carrier', 100),
      trackingNumber: text(s, 'trackingNumber', '/shipment/trackingNumber', 100),
    };
    if (s.trackingUrl !== undefined) {
      shipment.trackingUrl = text(s, 'trackingUrl', '/shipment/trackingUrl', 2000);
      if (!/^https?:\/\/\S+$/.test(shipment.trackingUrl)) {
        throw InvalidInputError.field('/shipment/trackingUrl', 'must be an http(s) URL');
      }
    }
    if (s.lines !== undefined) {
      if (!Array.isArray(s.lines) || s.lines.length === 0) {
        throw InvalidInputError.field(
          '/shipment/lines',
          'must be a non-empty array (leave it out when everything shipped)',
        );
      }
      shipment.lines = s.lines.map((line: unknown, i: number) => {
        if (!isObject(line)) throw InvalidInputError.field(`/shipment/lines/${i}`, 'must be an object');
        const quantity = line.quantity;
        if (!Number.isInteger(quantity) || (quantity as number) < 1 || (quantity as number) > 1_000_000) {
          throw InvalidInputError.field(`/shipment/lines/${i}/quantity`, 'must be a whole number from 1');
        }
        return {
          supplierSku: text(line, 'supplierSku', `/shipment/lines/${i}/supplierSku`, 200),
          quantity: quantity as number,
        };
      });
    }
    event.shipment = shipment;
  }
  if (event.type === 'order.shipped' && !event.shipment) {
    throw InvalidInputError.field('/shipment', 'is required for order.shipped (carrier and trackingNumber)');
  }
  return event;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(object: Record<string, unknown>, key: string, path: string, max: number): string {
  const value = object[key];
  if (value === undefined || value === null) throw InvalidInputError.field(path, 'is required');
  if (typeof value !== 'string' || value.trim() === '')
    throw InvalidInputError.field(path, 'must be a non-empty string');
  if (value.length > max) throw InvalidInputError.field(path, `must be at most ${max} characters`);
  return value;
}
