import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export type ReceivedMail = { from: string; to: string[]; raw: string; text: string };

/** Decodes quoted-printable (nodemailer's encoding for French text) well enough to read links. */
const decodeQuotedPrintable = (s: string) =>
  Buffer.from(
    s
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');

/** A real SMTP receiver on an ephemeral port, for the sign-up flow. */
export async function startSmtpReceiver({ port = 0 } = {}) {
  const mails: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'], // its bundled certificate has expired
    logger: false,
    onAuth(_auth, _session, cb) {
      cb(null, { user: 'test' });
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          text: decodeQuotedPrintable(raw),
        });
        for (const w of waiters) w();
        cb();
      });
    },
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', () => ok()));
  const listening = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://test:secret@127.0.0.1:${listening}`,
    port: listening,
    mails,
    /** The next mail to `to` (already received or to come). */
    waitFor(to: string, after = 0, timeoutMs = 5000): Promise<ReceivedMail> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = mails.slice(after).find((m) => m.to.includes(to));
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no mail to ${to}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** The confirmation link's token in a mail. */
export function verificationToken(mail: ReceivedMail): string {
  const m = mail.text.match(/\/verify-email\?token=([a-z0-9]+)/);
  if (!m) throw new Error('no verification link in mail:\n' + mail.text);
  return m[1];
}
