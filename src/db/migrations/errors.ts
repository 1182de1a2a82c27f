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

  /** Someone else was in the way (another deploy, a lock held too long): trying later may succeed. */
  get isTemporary(): boolean {
    return this.failure === 'lock_timeout' || this.failure === 'deploy_in_progress';
  }
}

/** database/migrations itself is wrong: a missing rollback, two files with one number, a broken psql frame. */
export class MigrationFilesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationFilesError';
  }
}
