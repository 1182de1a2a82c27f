/**
 * Database errors are classified by SQLSTATE, never by message text. Both pg and PGlite put the
 * SQLSTATE in `code` and the server's fields (constraint, table, detail, position) beside it.
 */
export const SQLSTATE = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  notNullViolation: '23502',
  insufficientPrivilege: '42501',
  duplicateTable: '42P07',
  duplicateColumn: '42701',
  duplicateObject: '42710',
  duplicateFunction: '42723',
  duplicateSchema: '42P06',
  lockNotAvailable: '55P03',
  deadlockDetected: '40P01',
  serializationFailure: '40001',
  queryCanceled: '57014',
  adminShutdown: '57P01',
  crashShutdown: '57P02',
  cannotConnectNow: '57P03',
  connectionFailure: '08006',
  unableToConnect: '08001',
  undefinedTable: '42P01',
  undefinedColumn: '42703',
  undefinedFunction: '42883',
  undefinedObject: '42704',
  invalidTextRepresentation: '22P02',
  numericValueOutOfRange: '22003',
  characterNotInRepertoire: '22021',
  untranslatableCharacter: '22P05',
  invalidDatetimeFormat: '22007',
  datetimeFieldOverflow: '22008',
} as const;

export interface DatabaseErrorFields {
  code: string;
  message: string;
  detail?: string;
  hint?: string;
  constraint?: string;
  table?: string;
  column?: string;
  position?: string | number;
}

export function databaseError(error: unknown): DatabaseErrorFields | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  return error as DatabaseErrorFields;
}

export function hasSqlState(error: unknown, ...codes: string[]): boolean {
  const fields = databaseError(error);
  return fields !== undefined && codes.includes(fields.code);
}

/** "line 12" of a script, from the error's character position. */
export function lineOf(sql: string, position: string | number | undefined): number | undefined {
  const offset = Number(position);
  if (!Number.isInteger(offset) || offset < 1) return undefined;
  return sql.slice(0, offset - 1).split('\n').length;
}
