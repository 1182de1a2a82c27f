/** Password hashing with argon2id (the library's defaults: 64 MiB, 3 passes). */
import argon2 from 'argon2';
import { InvalidInputError } from '../errors.js';

export const MIN_PASSWORD_LENGTH = 10;

export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw InvalidInputError.field('/password', `must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  }
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so both cases take the same time. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= argon2.hash('not a real password', { type: argon2.argon2id });
  return dummy;
}
