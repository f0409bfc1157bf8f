import nodemailer from 'nodemailer';
import type { Mailer } from './mailer';

/** SMTP through nodemailer, configured by one URL (smtp://user:pass@host:587). */
export function createSmtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transport.sendMail({ from, ...mail });
    },
  };
}
