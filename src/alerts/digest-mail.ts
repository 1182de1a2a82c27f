/**
 * The alarm digest's message: a subject with the counts, a plain-text body and a simple HTML
 * body listing the new alarms (rule, supplier, subject, first seen, message) and the number
 * still open. No links (the shop's address is not configured, and a mail client should not be
 * asked to follow one), no configuration: every value comes from the alarms, escaped in HTML.
 */
import { escapeHtml } from '../html.js';
import type { DigestClaim, DigestAlarm } from './digest-claim.js';

export interface DigestMessage {
  subject: string;
  text: string;
  html: string;
}

export function digestMessage({ alarms, open }: DigestClaim): DigestMessage {
  const summary = `${count(alarms.length, 'new alarm')} since the last digest; ${count(open, 'alarm')} open in all.`;
  const where =
    'See them with `jne alerts` or on the Alerts page of the shop admin; `jne alerts ack ID` acknowledges one.';
  return {
    subject: `Alarm digest: ${alarms.length} new, ${open} open`,
    text: [summary, '', ...alarms.flatMap(textEntry), where, ''].join('\n'),
    html: `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Alarm digest</title></head>
<body style="font-family: system-ui, sans-serif; color: #111">
<p>${escapeHtml(summary)}</p>
<table style="border-collapse: collapse" cellpadding="4" border="1">
<thead><tr><th>Alarm</th><th>Rule</th><th>Supplier</th><th>Subject</th><th>First seen</th><th>Message</th></tr></thead>
<tbody>
${alarms.map(htmlRow).join('\n')}
</tbody>
</table>
<p>${escapeHtml(where)}</p>
</body>
</html>
`,
  };
}

function textEntry(a: DigestAlarm): string[] {
  return [
    `#${a.id} ${a.rule}, supplier ${a.supplierCode ?? '-'}, ${a.subject}, first seen ${utc(a.firstSeenAt)}`,
    ...a.message.split(/\r?\n/).map((line) => `    ${line}`),
    '',
  ];
}

function htmlRow(a: DigestAlarm): string {
  const cells = [`#${a.id}`, a.rule, a.supplierCode ?? '-', a.subject, utc(a.firstSeenAt)];
  const message = `<td style="white-space: pre-wrap">${escapeHtml(a.message)}</td>`;
  return `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}${message}</tr>`;
}

/** 2026-11-02 10:15 UTC */
function utc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
