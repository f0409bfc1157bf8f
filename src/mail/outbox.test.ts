import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/harness';
import { startSmtpReceiver } from '../../test/smtp';
import { users } from '../db/schema';
import type { PasswordHasher } from '../auth/password';
import { MAILS_PER_RECIPIENT_PER_HOUR } from './outbox';
import { mailOutbox } from './schema';
import { NEWCOMER_PROFILE } from '../../test/newcomer';

const signUp = (email: string, firstName = 'Alice') => ({
  ...NEWCOMER_PROFILE,
  email,
  password: 'motdepasse-solide',
  firstName,
  lastName: 'Boîte',
});

/** A port nobody listens on (yet): an SMTP server that is down. */
async function closedPort() {
  const probe = await startSmtpReceiver();
  await probe.close();
  return probe.port;
}

describe('mail outbox: SMTP down, then up', () => {
  it('keeps the mail, retries with backoff, and delivers it once the server is back', async () => {
    const port = await closedPort();
    const app = await startTestApp({
      SMTP_URL: `smtp://test:secret@127.0.0.1:${port}`,
      MAIL_RETRY_MS: '100',
    });
    let smtp: Awaited<ReturnType<typeof startSmtpReceiver>> | undefined;
    try {
      const res = await app.anon().post('/api/auth/register', signUp('panne@exemple.fr'));
      expect(res.status).toBe(202); // answered although no mail could leave
      const row = () =>
        app.platform.db
          .select()
          .from(mailOutbox)
          .where(eq(mailOutbox.recipient, 'panne@exemple.fr'))
          .get();
      // the first attempts fail and are recorded, the mail stays queued
      await expect.poll(() => row()?.attempts ?? 0, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
      expect(row()?.sentAt).toBeNull();
      expect(row()?.lastError).toBeTruthy();
      expect(row()?.text).toContain('/verify-email?token='); // kept until sent
      smtp = await startSmtpReceiver({ port });
      const mail = await smtp.waitFor('panne@exemple.fr', 0, 10_000);
      expect(mail.text).toContain('/verify-email?token=');
      await expect.poll(() => row()?.sentAt, { timeout: 5000 }).toBeTruthy();
      // Sent: recipient, kind, times and status stay; no live link is left in the database.
      expect(row()).toMatchObject({ kind: 'verification', subject: '', text: '', html: '' });
      expect(row()?.createdAt).toBeInstanceOf(Date);
      expect(smtp.mails.filter((m) => m.to.includes('panne@exemple.fr'))).toHaveLength(1);
    } finally {
      await app.stop();
      await smtp?.close();
    }
  });
});

describe('sign-up and mails', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    // Distinct X-Forwarded-For addresses keep the per-address hashing bound out of these tests.
    app = await startTestApp({ SMTP_URL: smtp.url, TRUST_PROXY: 'true' });
  });
  afterAll(async () => {
    await app?.stop();
    await smtp?.close();
  });
  let address = 0;
  const from = () => ({ 'x-forwarded-for': `198.51.100.${++address % 250}` });

  it('does the same work for a taken and a new email: one password hash each', async () => {
    const real = app.platform.hasher;
    let hashes = 0;
    const counting: PasswordHasher = {
      hash: (pw) => (hashes++, real.hash(pw)),
      verify: (h, pw) => real.verify(h, pw),
    };
    app.platform.hasher = counting;
    try {
      for (const email of ['nouvelle@exemple.fr', 'client1@avenir.test', 'pending@avenir.test']) {
        hashes = 0;
        const res = await app.anon().post('/api/auth/register', signUp(email), from());
        expect(res.status).toBe(202);
        expect(res.body).toEqual({ status: 'pending_verification' });
        expect(hashes, email).toBe(1);
      }
    } finally {
      app.platform.hasher = real;
    }
  });

  it('answers resend the same for every address and sends off the request path', async () => {
    const before = smtp.mails.length;
    const answers = [];
    for (const email of ['pending@avenir.test', 'personne@exemple.fr', 'client2@avenir.test'])
      answers.push(await app.anon().post('/api/auth/resend-verification', { email }, from()));
    expect(new Set(answers.map((a) => `${a.status} ${a.text}`)).size).toBe(1);
    await smtp.waitFor('pending@avenir.test', before);
    expect(smtp.mails.slice(before).map((m) => m.to[0])).toEqual(['pending@avenir.test']);
  });

  it('25 concurrent sign-ups of one address send at most the per-recipient limit of mails', async () => {
    const email = 'bombe@exemple.fr';
    const answers = await Promise.all(
      Array.from({ length: 25 }, () =>
        app.anon().post('/api/auth/register', signUp(email), from()),
      ),
    );
    // each is taken (202) or, past the hashing bound in all, refused at once (429)
    expect(answers.every((a) => a.status === 202 || a.status === 429)).toBe(true);
    expect(answers.filter((a) => a.status === 202).length).toBeGreaterThan(
      MAILS_PER_RECIPIENT_PER_HOUR,
    );
    // then resends and more sign-ups: all kinds count together
    for (let i = 0; i < 3; i++)
      await app.anon().post('/api/auth/resend-verification', { email }, from());
    await app.anon().post('/api/auth/register', signUp(email), from());
    const queued = app.platform.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.recipient, email))
      .all();
    expect(queued).toHaveLength(MAILS_PER_RECIPIENT_PER_HOUR);
    await expect
      .poll(() => smtp.mails.filter((m) => m.to.includes(email)).length, { timeout: 5000 })
      .toBe(MAILS_PER_RECIPIENT_PER_HOUR);
    // another address is not affected
    const before = smtp.mails.length;
    await app.anon().post('/api/auth/register', signUp('voisine@exemple.fr'), from());
    await smtp.waitFor('voisine@exemple.fr', before);
  }, 60_000);

  it('strips control characters from a stored name before it reaches a mail', async () => {
    const before = smtp.mails.length;
    await app.anon().post('/api/auth/register', signUp('controle@exemple.fr'), from());
    await smtp.waitFor('controle@exemple.fr', before, 15_000);
    // a row written before names were validated
    app.platform.db
      .update(users)
      .set({ firstName: 'Eve\r\nBcc: victime@exemple.fr\u202E\u0000' })
      .where(eq(users.email, 'controle@exemple.fr'))
      .run();
    const next = smtp.mails.length;
    await app
      .anon()
      .post('/api/auth/resend-verification', { email: 'controle@exemple.fr' }, from());
    const mail = await smtp.waitFor('controle@exemple.fr', next, 15_000); // a loaded machine
    expect(mail.text).toContain('Bonjour EveBcc: victime@exemple.fr,');
    expect(mail.to).toEqual(['controle@exemple.fr']);
    expect(mail.raw).not.toMatch(/\u202E|\u0000/);
  });
});
