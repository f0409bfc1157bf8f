import type { Transporter } from 'nodemailer';
import type { Mailer } from './mailer';

/** SMTP through nodemailer, configured by one URL (smtp://user:pass@host:587). */
export function createSmtpMailer(url: string, from: string): Mailer {
  // Short timeouts: a stalled server costs the outbox loop a retry, not minutes.
  const options = new URL(url);
  for (const [key, ms] of [
    ['connectionTimeout', '10000'],
    ['greetingTimeout', '10000'],
    ['socketTimeout', '30000'],
  ])
    if (!options.searchParams.has(key)) options.searchParams.set(key, ms);
  // nodemailer is loaded at the first mail, not at start: it weighs on the start-up RSS
  // (bench/README.md « Why the code is shaped so »).
  let transport: Promise<Transporter> | undefined;
  return {
    async send(mail) {
      transport ??= import('nodemailer').then((m) => m.default.createTransport(options.toString()));
      await (await transport).sendMail({ from, ...mail });
    },
  };
}
