import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type TestApp } from './harness';
import { startSmtpReceiver } from './smtp';

export type SmtpReceiver = Awaited<ReturnType<typeof startSmtpReceiver>>;

/** One app per test file that mails through a real SMTP receiver; both stop after the file. */
export function startSmtpAppForFile(started: (s: { app: TestApp; smtp: SmtpReceiver }) => void) {
  let app: TestApp | undefined;
  let smtp: SmtpReceiver | undefined;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    app = await startTestApp({ SMTP_URL: smtp.url });
    started({ app, smtp });
  });
  afterAll(async () => {
    await app?.stop();
    await smtp?.close();
  });
}
