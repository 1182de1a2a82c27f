/**
 * The send of a purchase order by its supplier's order method: one sender per method, all
 * answering with a SendOutcome. The supplier's credentials are decrypted here, in the worker,
 * and nowhere else; they are passed to the sender and never logged or recorded.
 */
import type { MailSettings } from '../../../config.js';
import type { OrderMethod } from '../../../db/types.js';
import { decryptCredentials } from '../../../suppliers/crypto.js';
import type { DispatchTarget } from '../purchase-order.js';
import { sendByApi } from './api.js';
import { sendByEmail } from './email.js';
import { sendToFolder } from './folder.js';
import type { SendOutcome } from './outcome.js';
import { sendBySftp } from './sftp.js';

/** Methods the dispatch workers send by; `manual` waits for an operator (the purchase order download). */
export const SENT_BY_WORKER: ReadonlySet<OrderMethod> = new Set(['api', 'email', 'csv_sftp', 'csv_folder']);

export interface SendContext {
  credentialsKey: Buffer;
  timeoutMs: number;
  /** SMTP_URL and SMTP_FROM; without them an e-mail supplier's orders fail with that reason. */
  mail?: MailSettings | undefined;
}

export async function sendPurchaseOrder(context: SendContext, target: DispatchTarget): Promise<SendOutcome> {
  const { timeoutMs } = context;
  const { method, supplierCode, purchaseOrder: order } = target;
  if (method === 'manual')
    return misconfigured(`supplier ${supplierCode} takes orders by hand: an operator sends them`);
  if (method === 'email')
    return sendByEmail(context.mail ?? { smtpUrl: undefined, from: undefined }, target, timeoutMs);
  const credentials = supplierCredentials(context.credentialsKey, target);
  if (!credentials) {
    return misconfigured(
      `the API credentials of supplier ${supplierCode} cannot be decrypted with this CREDENTIALS_KEY`,
    );
  }
  if (method === 'csv_sftp') return sendBySftp(credentials, supplierCode, order, timeoutMs);
  if (method === 'csv_folder') return sendToFolder(credentials, supplierCode, order);
  if (!target.apiEndpoint) return misconfigured(`supplier ${supplierCode} has no api_endpoint`);
  return sendByApi(target.apiEndpoint, credentials.apiKey, order, timeoutMs);
}

/** The supplier's credentials: none stored is an empty set (each sender names what it misses); undefined when they do not decrypt. */
export function supplierCredentials(
  credentialsKey: Buffer,
  target: Pick<DispatchTarget, 'credentialsEncrypted'>,
): Record<string, string> | undefined {
  if (!target.credentialsEncrypted) return {};
  try {
    return decryptCredentials(credentialsKey, target.credentialsEncrypted);
  } catch {
    return undefined;
  }
}

function misconfigured(reason: string): SendOutcome {
  return { kind: 'misconfigured', reason };
}
