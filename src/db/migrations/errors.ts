/** Every way a migration run can fail, each with a message that says what to do. */
export type MigrationFailure =
  | 'checksum_mismatch'
  | 'missing_file'
  | 'objects_exist'
  | 'duplicate_keys'
  | 'permission_denied'
  | 'lock_timeout'
  | 'deploy_in_progress'
  | 'statement_timeout'
  | 'verify_failed'
  | 'later_applied'
  | 'nothing_to_do'
  | 'sql_error';

/** Exit codes a script can rely on. 75 (EX_TEMPFAIL): someone else was in the way, try later. */
export const EXIT = { ok: 0, failed: 1, usage: 2, tryLater: 75 } as const;

export class MigrationError extends Error {
  constructor(
    readonly failure: MigrationFailure,
    message: string,
    readonly migration?: string,
    readonly sqlstate?: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }

  get exitCode(): number {
    return this.failure === 'lock_timeout' || this.failure === 'deploy_in_progress' ? EXIT.tryLater : EXIT.failed;
  }
}

/** database/migrations itself is wrong: a missing rollback, two files with one number, a broken psql frame. */
export class MigrationFilesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationFilesError';
  }
}
