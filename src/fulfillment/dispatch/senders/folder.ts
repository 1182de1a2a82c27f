/**
 * Writing a purchase order into a folder (method `csv_folder`), e.g. a share the supplier or a
 * 3PL picks files up from: PO-<reference>.csv in the folder named by the credentials' `folder`.
 * The file is written under a hidden temporary name, flushed to disk, then renamed (atomic in one
 * file system), so no one sees it half-written. A final file already there is this supplier
 * order's own from an earlier send whose outcome was not recorded: submitted, no second file.
 *
 * A folder that is missing, not a folder, or not writable is a setup problem: failed at once.
 * Other errors (a full disk, an I/O error) are retried.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { purchaseOrderCsv } from '../../purchase-order/csv.js';
import { purchaseOrderFileName } from '../../purchase-order/file-name.js';
import type { PurchaseOrder } from '../purchase-order.js';
import type { SendOutcome } from './outcome.js';

const SETUP_PROBLEMS = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS']);

export async function sendToFolder(
  credentials: Record<string, string>,
  supplierCode: string,
  order: PurchaseOrder,
): Promise<SendOutcome> {
  const folder = credentials.folder;
  if (!folder || !path.isAbsolute(folder)) {
    return {
      kind: 'misconfigured',
      reason: `the credentials of supplier ${supplierCode} need "folder", an absolute path`,
    };
  }
  const name = purchaseOrderFileName(order.reference, 'csv');
  const final = path.join(folder, name);
  const temporary = path.join(folder, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    if (await exists(final)) return { kind: 'submitted', payload: { file: final, alreadyThere: true } };
    const file = await fs.open(temporary, 'wx');
    try {
      await file.writeFile(purchaseOrderCsv(order), 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await fs.rename(temporary, final);
    await syncFolder(folder);
    return { kind: 'submitted', payload: { file: final } };
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => {});
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const message = `${folder}: ${(error as Error).message}`;
    if (SETUP_PROBLEMS.has(code))
      return { kind: 'misconfigured', reason: `cannot write the purchase order into ${message}` };
    return { kind: 'retry', error: message, retryAfterMs: undefined };
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** The rename itself survives a power cut once the folder's entry is on disk. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
