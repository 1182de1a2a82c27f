/**
 * Supplier credentials at rest: AES-256-GCM, stored as base64(iv | ciphertext | tag) (the
 * format migration 005 documents). The column name is the additional authenticated data, so a
 * ciphertext copied into another column does not decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export type SecretColumn = 'api_credentials_encrypted' | 'webhook_secret_encrypted';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function encryptSecret(key: Buffer, column: SecretColumn, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(column));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}

/** The plaintext; throws if the key is wrong or the value was tampered with. */
export function decryptSecret(key: Buffer, column: SecretColumn, stored: string): string {
  const data = Buffer.from(stored, 'base64');
  if (data.length < IV_BYTES + TAG_BYTES) throw new Error(`${column} is not an AES-256-GCM value`);
  const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(column));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]).toString(
    'utf8',
  );
}

/** The API credentials of a supplier, for the dispatcher. */
export function decryptCredentials(key: Buffer, stored: string): Record<string, string> {
  return JSON.parse(decryptSecret(key, 'api_credentials_encrypted', stored)) as Record<string, string>;
}
