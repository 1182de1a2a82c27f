/**
 * A real SMTP server on loopback (the smtp-server package), the peer of the e-mail sender: it
 * takes a login, keeps every message it accepts (raw), and can be told to refuse recipients or
 * messages with a given SMTP reply.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface RunningSmtp {
  url: string;
  /** Raw RFC 5322 messages, in the order they were accepted, with their envelope recipients. */
  received: { to: string[]; raw: Buffer }[];
  /** The next RCPT TO answers this (e.g. 450 or 550), until cleared. */
  refuseRecipients: { code: number; message: string } | undefined;
  /** Wait this long before answering a message's data (a stalled server). */
  answerDelayMs: number;
  close(): Promise<void>;
}

export async function smtpServer(login = { user: 'shop', pass: 's3cret' }): Promise<RunningSmtp> {
  const state: Pick<RunningSmtp, 'received' | 'refuseRecipients' | 'answerDelayMs'> = {
    received: [],
    refuseRecipients: undefined,
    answerDelayMs: 0,
  };
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === login.user && auth.password === login.pass) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      const refusal = state.refuseRecipients;
      if (refusal) callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        state.received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        setTimeout(() => callback(null, 'Queued as test-message'), state.answerDelayMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(state, {
    url: `smtp://${login.user}:${login.pass}@127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
