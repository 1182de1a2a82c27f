/** An order line that no source can fill: 409, nothing written. */
import { ConflictError } from '../errors.js';
import type { Unroutable } from './plan.js';

export class NotRoutableError extends ConflictError {
  override readonly code = 'not_available';
  constructor(readonly lines: Unroutable[]) {
    const first = lines[0]!;
    const more = lines.length > 1 ? ` (and ${lines.length - 1} more line(s))` : '';
    super(
      `items/${first.line}: ${first.message}; asked for ${first.quantity}${more}. Nothing was ordered.`,
      lines.map((l) => ({
        path: `/items/${l.line}`,
        message: `${l.message}; asked for ${l.quantity}`,
        available: l.available,
      })),
    );
  }
}
