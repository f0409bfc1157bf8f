import nodemailer from 'nodemailer';
import type { Mailer } from './mailer';

/** SMTP through nodemailer, configured by one URL (smtp://user:pass@host:587). */
export function createSmtpMailer(url: string, from: string): Mailer {
  // Short timeouts: a stalled server costs the outbox loop a retry, not minutes.
  const options = new URL(url);
  options.searchParams.set('connectionTimeout', '10000');
  options.searchParams.set('greetingTimeout', '10000');
  options.searchParams.set('socketTimeout', '30000');
  const transport = nodemailer.createTransport(options.toString());
  return {
    async send(mail) {
      await transport.sendMail({ from, ...mail });
    },
  };
}
