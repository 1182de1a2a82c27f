/**
 * The alarm digest (ALERT_DIGEST_TO): after a scheduled evaluation, one e-mail listing the alarms
 * opened since the last digest and the number still open; nothing new, no e-mail.
 *
 * 1. Claim (one short transaction, digest-claim.ts): the open alarms not mailed yet.
 * 2. Send over SMTP_URL, outside any transaction (the embedded database is one session, and an
 *    evaluation must not wait on a mail server), within SEND_TIMEOUT_MS.
 * 3. Accepted: the alarms are marked mailed. Refused, or no answer: the claim is released and
 *    the next scheduled run mails them with whatever opened since; the run reports the reason.
 * A process that dies during the send leaves its claim; CLAIM_SECONDS later another run mails
 * those alarms again (at least once: the mail may have gone out). CLAIM_SECONDS is far above
 * SEND_TIMEOUT_MS, so a run that is alive never sees its alarms taken over.
 * Like a supplier order's dispatch, this is a job's whole unit of work, with a send between its
 * transactions: it opens them itself.
 */
import type { Kysely } from 'kysely';
import { createTransport } from 'nodemailer';
import type { MailSettings } from '../config.js';
import { withDeadline } from '../deadline.js';
import { inTransaction } from '../db/transaction.js';
import type { DB } from '../db/types.js';
import { claimDigest, markMailed, releaseClaim } from './digest-claim.js';
import { digestMessage } from './digest-mail.js';

export const SEND_TIMEOUT_MS = 60_000;
export const CLAIM_SECONDS = 600;

export interface DigestSettings {
  /** SMTP_URL and SMTP_FROM (config makes sure both are set when there are recipients). */
  mail: MailSettings;
  /** ALERT_DIGEST_TO */
  to: string[];
}

export type DigestResult =
  | { outcome: 'nothing_new' }
  | { outcome: 'sent'; alarms: number; open: number; messageId: string }
  | { outcome: 'not_sent'; alarms: number; reason: string };

export async function sendAlarmDigest(db: Kysely<DB>, settings: DigestSettings): Promise<DigestResult> {
  const { smtpUrl, from } = settings.mail;
  if (!smtpUrl || !from) throw new Error('The alarm digest needs SMTP_URL and SMTP_FROM');
  const claim = await inTransaction(db, (trx) => claimDigest(trx, CLAIM_SECONDS));
  if (!claim) return { outcome: 'nothing_new' };
  const transport = createTransport({
    url: smtpUrl,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  let messageId: string;
  try {
    const sending = transport.sendMail({ from, to: settings.to, ...digestMessage(claim) });
    messageId = (await withDeadline(sending, SEND_TIMEOUT_MS, () => transport.close())).messageId;
  } catch (error) {
    await releaseClaim(db, claim);
    const e = error as Error & { response?: string };
    return { outcome: 'not_sent', alarms: claim.alarms.length, reason: e.response ?? e.message };
  } finally {
    transport.close();
  }
  await markMailed(db, claim);
  return { outcome: 'sent', alarms: claim.alarms.length, open: claim.open, messageId };
}
