/** The import's domain errors; src/http/errors.ts maps their base classes to HTTP. */
import { ConflictError, InvalidInputError } from '../errors.js';
import type { ImportReport } from './types.js';

/** The feed as a whole cannot be read (no header, a required column missing, broken JSON). */
export class FeedError extends InvalidInputError {
  constructor(message: string) {
    super(`feed: ${message}`);
  }
}

/** The guard refused the feed; the report says what it would have done. */
export class FeedRefusedError extends ConflictError {
  constructor(readonly report: ImportReport) {
    super(`the feed was refused: ${report.message ?? ''}`, report);
  }
}
