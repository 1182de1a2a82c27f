/**
 * What a database error means for the caller, classified by SQLSTATE (never by message text) and
 * by the name of the constraint it broke. The HTTP error map and the CLI both read it: each turns
 * the same meaning into its own answer (a status code, an exit code).
 */
import { SQLSTATE, type DatabaseErrorFields } from './sqlstate.js';

export type DatabaseErrorKind =
  /** A unique constraint: the value is taken. */
  | 'duplicate'
  /** A foreign key the input names points nowhere. */
  | 'missing_reference'
  /** A foreign key: other rows refer to this one (or it refers to one that does not exist). */
  | 'referenced'
  /** A CHECK or NOT NULL rule of a table. */
  | 'broken_rule'
  /** A value PostgreSQL could not read or that is out of range. */
  | 'malformed'
  /** A lock, deadlock, serialization failure or statement timeout: retrying may succeed. */
  | 'busy'
  /** The connection to the server failed or the server is shutting down or starting: try later. */
  | 'unavailable'
  /**
   * A table, column, function or type the code uses is not in the database: its schema is older
   * than this version of the shop (a rollback below it, or migrations not yet applied).
   */
  | 'schema_behind';

export interface DatabaseErrorMeaning {
  kind: DatabaseErrorKind;
  message: string;
  /** The input field it concerns (a JSON pointer), when the constraint is a known one. */
  field?: { path: string; message: string };
  constraint?: string | undefined;
}

/** Unique and foreign-key constraints that input can hit, with the field they concern. */
const KNOWN: Record<string, { path: string; message: string }> = {
  products_sku_key: { path: '/sku', message: 'a product with this SKU already exists' },
  products_slug_key: { path: '/slug', message: 'a product with this slug already exists' },
  products_category_id_fkey: { path: '/categoryId', message: 'there is no category with this id' },
  categories_slug_key: { path: '/slug', message: 'a category with this slug already exists' },
  categories_parent_id_fkey: { path: '/parentId', message: 'there is no category with this id' },
  suppliers_code_key: { path: '/code', message: 'a supplier with this code already exists' },
  suppliers_name_lower_key: { path: '/name', message: 'a supplier with this name already exists' },
  users_email_lower_key: { path: '/email', message: 'a user with this e-mail address already exists' },
};

export function meaningOf(error: DatabaseErrorFields): DatabaseErrorMeaning | undefined {
  const known = error.constraint ? KNOWN[error.constraint] : undefined;
  const constraint = error.constraint;
  switch (error.code) {
    case SQLSTATE.uniqueViolation:
      return {
        kind: 'duplicate',
        message: known?.message ?? 'this would create a duplicate',
        ...(known ? { field: known } : {}),
        constraint,
      };
    case SQLSTATE.foreignKeyViolation:
      return known
        ? { kind: 'missing_reference', message: known.message, field: known, constraint }
        : {
            kind: 'referenced',
            message: 'other records refer to this one, or it refers to one that does not exist',
            constraint,
          };
    case SQLSTATE.checkViolation:
    case SQLSTATE.notNullViolation:
      return {
        kind: 'broken_rule',
        message: `the value breaks the rule ${error.constraint ?? error.column ?? 'of the table'}`,
        constraint: error.constraint ?? error.column,
      };
    case SQLSTATE.invalidTextRepresentation:
    case SQLSTATE.numericValueOutOfRange:
    case SQLSTATE.characterNotInRepertoire:
    case SQLSTATE.untranslatableCharacter:
    case SQLSTATE.invalidDatetimeFormat:
    case SQLSTATE.datetimeFieldOverflow:
      return { kind: 'malformed', message: 'a value is out of range or malformed' };
    case SQLSTATE.deadlockDetected:
    case SQLSTATE.serializationFailure:
    case SQLSTATE.lockNotAvailable:
    case SQLSTATE.queryCanceled:
      return { kind: 'busy', message: 'the database is busy; retry' };
    case SQLSTATE.adminShutdown:
    case SQLSTATE.crashShutdown:
    case SQLSTATE.cannotConnectNow:
      return { kind: 'unavailable', message: 'the database is not available; retry shortly' };
    case SQLSTATE.undefinedTable:
    case SQLSTATE.undefinedColumn:
    case SQLSTATE.undefinedFunction:
    case SQLSTATE.undefinedObject:
      return {
        kind: 'schema_behind',
        message:
          'the database schema is older than this version of the shop expects; ' +
          'an operator must run `jne db migrate` (see `jne db status`)',
      };
    default:
      // Class 08: connection exceptions (src/db/postgres.ts gives lost connections 08006).
      if (error.code.startsWith('08')) {
        return { kind: 'unavailable', message: 'the database is not available; retry shortly' };
      }
      return undefined;
  }
}
