/**
 * Sending a purchase order by e-mail (method `email`): one message over SMTP_URL to the supplier's
 * order e-mail, with a plain-text and an HTML purchase order and the lines as a CSV attachment.
 * The Message-ID comes from the reference, so every resend of one supplier order carries the same
 * one and the supplier (or its mail system) recognizes it.
 *
 * Accepted by the SMTP server: submitted, with its answer and the Message-ID in the event. A
 * permanent refusal (5xx: an unknown recipient, a failed login, a refused message) is a problem of
 * the shop's or the supplier's mail setup, not the supplier refusing the order: failed at once,
 * with the server's text. Network errors, timeouts and temporary refusals (4xx): retried.
 */
import { createTransport } from 'nodemailer';
import type { MailSettings } from '../../../config.js';
import { purchaseOrderCsv } from '../../purchase-order/csv.js';
import { purchaseOrderFileName } from '../../purchase-order/file-name.js';
import { purchaseOrderHtml } from '../../purchase-order/html.js';
import { purchaseOrderText } from '../../purchase-order/text.js';
import type { PurchaseOrder } from '../purchase-order.js';
import { withDeadline } from '../../../deadline.js';
import type { SendOutcome } from './outcome.js';

export interface EmailTarget {
  supplierCode: string;
  orderEmail: string | null;
  purchaseOrder: PurchaseOrder;
}

export async function sendByEmail(mail: MailSettings, target: EmailTarget, timeoutMs: number): Promise<SendOutcome> {
  if (!mail.smtpUrl || !mail.from) {
    return { kind: 'misconfigured', reason: 'SMTP_URL is not set: this shop sends no e-mail' };
  }
  if (!target.orderEmail) {
    return { kind: 'misconfigured', reason: `supplier ${target.supplierCode} has no order_email` };
  }
  const order = target.purchaseOrder;
  const messageId = purchaseOrderMessageId(order.reference, mail.from);
  const transport = createTransport({
    url: mail.smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    const sending = transport.sendMail({
      from: mail.from,
      to: target.orderEmail,
      subject: `Purchase order ${order.reference} (order ${order.orderNumber})`,
      messageId,
      headers: { 'X-JNE-Reference': order.reference },
      text: purchaseOrderText(order, target.supplierCode),
      html: purchaseOrderHtml(order, target.supplierCode),
      attachments: [
        {
          filename: purchaseOrderFileName(order.reference, 'csv'),
          content: purchaseOrderCsv(order),
          contentType: 'text/csv; charset=utf-8',
        },
      ],
    });
    const info = await withDeadline(sending, timeoutMs, () => transport.close());
    return {
      kind: 'submitted',
      payload: { to: target.orderEmail, messageId: info.messageId, answer: info.response },
    };
  } catch (error) {
    const e = error as Error & { responseCode?: number; response?: string; command?: string };
    if (e.responseCode !== undefined && e.responseCode >= 500) {
      const what = refusedPart(e.command, target.orderEmail, mail.from);
      return { kind: 'misconfigured', reason: `the SMTP server refused ${what}: ${e.response ?? e.message}` };
    }
    const answer = e.response ? `the SMTP server answered ${e.response}` : `mail error: ${e.message}`;
    return { kind: 'retry', error: answer, retryAfterMs: undefined };
  } finally {
    transport.close();
  }
}

/** What a permanent SMTP refusal was about, from the command it answered. */
function refusedPart(command: string | undefined, to: string, from: string): string {
  if (command === 'RCPT TO') return `the recipient ${to} (the supplier's order_email)`;
  if (command === 'MAIL FROM') return `the sender ${from} (SMTP_FROM)`;
  if (command?.startsWith('AUTH')) return 'the login of SMTP_URL';
  return 'the message';
}

/**
 * <reference@domain>, the domain taken from SMTP_FROM (jne-outlet.invalid if it has none); the
 * characters a Message-ID cannot hold become "-". The same for every send of one supplier order.
 */
export function purchaseOrderMessageId(reference: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'jne-outlet.invalid';
  return `<${reference.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '-')}@${domain}>`;
}
