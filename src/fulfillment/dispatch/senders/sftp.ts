/**
 * Uploading a purchase order by SFTP (method `csv_sftp`): the CSV file PO-<reference>.csv in the
 * supplier's directory. It is written under a hidden temporary name in the same directory and
 * renamed when complete, so the supplier never sees a half-written file under the final name. A
 * final file that is already there is this supplier order's own, from an earlier send whose
 * outcome was not recorded (a crash): submitted, without a second file.
 *
 * Settings come from the decrypted credentials (host, port, username, password or privateKey with
 * passphrase, directory, hostKeySha256: documented in the README and the supplier schema); a
 * missing one fails the supplier order at once. Connection, login and transfer errors are retried.
 */
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import SftpClient from 'ssh2-sftp-client';
import { purchaseOrderCsv } from '../../purchase-order/csv.js';
import { purchaseOrderFileName } from '../../purchase-order/file-name.js';
import type { PurchaseOrder } from '../purchase-order.js';
import { withDeadline } from '../../../deadline.js';
import type { SendOutcome } from './outcome.js';

/** The credential keys of a csv_sftp supplier (documented in the README and the supplier schema). */
export const SFTP_KEYS = [
  'host',
  'port',
  'username',
  'password',
  'privateKey',
  'passphrase',
  'directory',
  'hostKeySha256',
];

export async function sendBySftp(
  credentials: Record<string, string>,
  supplierCode: string,
  order: PurchaseOrder,
  timeoutMs: number,
): Promise<SendOutcome> {
  const { host, username, password, privateKey, passphrase, hostKeySha256 } = credentials;
  const port = Number(credentials.port ?? 22);
  if (!host || !username || (!password && !privateKey)) {
    return {
      kind: 'misconfigured',
      reason: `the SFTP credentials of supplier ${supplierCode} need host, username and password or privateKey`,
    };
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return { kind: 'misconfigured', reason: `the SFTP port of supplier ${supplierCode} is not a port number` };
  }
  const directory = credentials.directory ?? '.';
  const name = purchaseOrderFileName(order.reference, 'csv');
  const final = path.posix.join(directory, name);
  const temporary = path.posix.join(directory, `.${name}.${randomBytes(6).toString('hex')}.tmp`);

  const client = new SftpClient(`jne ${supplierCode}`);
  const upload = async (): Promise<SendOutcome> => {
    await client.connect({
      host,
      port,
      username,
      ...(password ? { password } : {}),
      ...(privateKey ? { privateKey, ...(passphrase ? { passphrase } : {}) } : {}),
      ...(hostKeySha256 ? { hostVerifier: (key: Buffer) => fingerprint(key) === hostKeySha256 } : {}),
      readyTimeout: timeoutMs,
    });
    if (await client.exists(final)) return submitted(host, final, true);
    await client.put(Buffer.from(purchaseOrderCsv(order), 'utf8'), temporary);
    try {
      // SFTP rename never replaces an existing file: two senders cannot both end up with a file.
      await client.rename(temporary, final);
    } catch (error) {
      if (!(await client.exists(final))) throw error;
      await client.delete(temporary, true);
      return submitted(host, final, true);
    }
    return submitted(host, final, false);
  };
  try {
    return await withDeadline(upload(), timeoutMs, () => void client.end().catch(() => {}));
  } catch (error) {
    return { kind: 'retry', error: `SFTP ${host}:${port}: ${(error as Error).message}`, retryAfterMs: undefined };
  } finally {
    await client.end().catch(() => {});
  }
}

function submitted(host: string, file: string, alreadyThere: boolean): SendOutcome {
  return { kind: 'submitted', payload: { host, file, ...(alreadyThere ? { alreadyThere } : {}) } };
}

/** OpenSSH's form of a host key fingerprint: SHA256:<base64 without padding>, as ssh-keygen -l shows it. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}
