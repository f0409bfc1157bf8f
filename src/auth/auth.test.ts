import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { TestApp } from '../../test/harness';
import { verificationToken } from '../../test/smtp';
import { isValidIban } from '../accounts/iban';
import { emailVerificationTokens, users } from '../db/schema';
import { hashToken } from './tokens';
import { NEWCOMER_PROFILE } from '../../test/newcomer';
import { startSmtpAppForFile, type SmtpReceiver } from '../../test/smtp-app';

let app: TestApp;
let smtp: SmtpReceiver;
startSmtpAppForFile((started) => ({ app, smtp } = started));

const newcomer = (email: string) => ({
  ...NEWCOMER_PROFILE,
  email,
  password: 'motdepasse-solide',
  firstName: 'Alice',
  lastName: 'Nouvelle',
});
const countUsers = () => app.platform.db.select().from(users).all().length;

describe('sign-up with email confirmation over real SMTP', () => {
  it('register → mail → verify → session → me → account with a valid IBAN', async () => {
    const agent = app.anon();
    const before = smtp.mails.length;
    const res = await agent.post('/api/auth/register', newcomer('alice@exemple.fr'));
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'pending_verification' });
    expect(agent.cookie).toBe('');

    const mail = await smtp.waitFor('alice@exemple.fr', before);
    expect(mail.text).toContain('confirmez votre adresse e-mail');
    expect(mail.raw).toMatch(/Content-Type: text\/plain/i);
    expect(mail.raw).toMatch(/Content-Type: text\/html/i);
    expect(mail.text).toContain(`${app.platform.config.appUrl.origin}/verify-email?token=`);
    const token = verificationToken(mail);
    // stored hashed, never in clear
    const stored = app.platform.db.select().from(emailVerificationTokens).all();
    expect(stored.some((t) => t.id === token)).toBe(false);
    expect(stored.some((t) => t.id === hashToken(token))).toBe(true);

    const login = await agent.post('/api/auth/login', {
      email: 'alice@exemple.fr',
      password: 'motdepasse-solide',
    });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('email_not_verified');

    const verified = await agent.post('/api/auth/verify-email', { token });
    expect(verified.status).toBe(200);
    expect(verified.body.user).toMatchObject({
      email: 'alice@exemple.fr',
      firstName: 'Alice',
      role: 'client',
    });
    expect(verified.headers.get('set-cookie')).toMatch(
      /avenir_session=[a-z0-9]{32}; .*HttpOnly; SameSite=Lax/,
    );
    expect(verified.headers.get('set-cookie')).not.toMatch(/Secure/);

    const me = await agent.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user.advisor).toMatchObject({ role: 'advisor' });
    expect(Object.keys(me.body.user.advisor).sort()).toEqual([
      'firstName',
      'id',
      'lastName',
      'role',
    ]);

    const accounts = await agent.get('/api/accounts');
    expect(accounts.status).toBe(200);
    expect(accounts.body.items).toHaveLength(1);
    const [account] = accounts.body.items;
    expect(account).toMatchObject({ type: 'checking', balanceCents: 0, currency: 'EUR' });
    expect(account.iban).toMatch(/^FR\d{25}$/);
    expect(isValidIban(account.iban)).toBe(true);

    // the token is single use
    const again = await app.anon().post('/api/auth/verify-email', { token });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invalid_token');
  });

  it('assigns the advisor with the fewest clients and opens the private conversation', async () => {
    // fixtures: conseiller1 and conseiller2 have 3 clients each (+ pending); create imbalance and check
    const agent = app.anon();
    await agent.post('/api/auth/register', newcomer('bruno@exemple.fr'));
    const bruno = app.platform.db
      .select()
      .from(users)
      .where(eq(users.email, 'bruno@exemple.fr'))
      .get()!;
    const counts = app.platform.db
      .select()
      .from(users)
      .all()
      .filter((u) => u.role === 'client')
      .reduce<Record<number, number>>(
        (acc, u) => ((acc[u.advisorId!] = (acc[u.advisorId!] ?? 0) + 1), acc),
        {},
      );
    const otherAdvisor = Object.keys(counts)
      .map(Number)
      .find((id) => id !== bruno.advisorId)!;
    // before bruno, his advisor had at most as many clients as the other one
    expect(counts[bruno.advisorId!] - 1).toBeLessThanOrEqual(counts[otherAdvisor]);
  });

  it('answers a duplicate registration exactly like a new one, and creates nothing', async () => {
    const first = await app.anon().post('/api/auth/register', newcomer('chloe@exemple.fr'));
    const n = countUsers();
    const before = smtp.mails.length;
    const dup = await app
      .anon()
      .post('/api/auth/register', { ...newcomer('CHLOE@exemple.fr'), firstName: 'Autre' });
    expect(dup.status).toBe(first.status);
    expect(dup.body).toEqual(first.body);
    expect(countUsers()).toBe(n);
    // an existing verified account gets a warning mail instead of a second account
    const taken = await app.anon().post('/api/auth/register', newcomer('client1@avenir.test'));
    expect(taken.status).toBe(202);
    expect(taken.body).toEqual({ status: 'pending_verification' });
    const warn = await smtp.waitFor('client1@avenir.test', before);
    expect(warn.text).toContain('possède déjà un espace');
    expect(countUsers()).toBe(n);
  });

  it('refuses an expired token and a garbage token', async () => {
    const before = smtp.mails.length;
    await app.anon().post('/api/auth/register', newcomer('denis@exemple.fr'));
    const token = verificationToken(await smtp.waitFor('denis@exemple.fr', before));
    app.platform.db
      .update(emailVerificationTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(emailVerificationTokens.id, hashToken(token)))
      .run();
    const expired = await app.anon().post('/api/auth/verify-email', { token });
    expect(expired.status).toBe(400);
    expect(expired.body.error.code).toBe('invalid_token');
    const garbage = await app.anon().post('/api/auth/verify-email', { token: 'nope' });
    expect(garbage.body.error.code).toBe('invalid_token');
    const user = app.platform.db
      .select()
      .from(users)
      .where(eq(users.email, 'denis@exemple.fr'))
      .get()!;
    expect(user.emailVerifiedAt).toBeNull();
  });

  it('resend-verification always answers 202 and mails a fresh link only to an unverified account', async () => {
    const before = smtp.mails.length;
    for (const email of [
      'pending@avenir.test',
      'inconnu@exemple.fr',
      'client2@avenir.test',
      'pas-un-email',
    ]) {
      const res = await app.anon().post('/api/auth/resend-verification', { email });
      expect(res.status).toBe(202);
    }
    const mail = await smtp.waitFor('pending@avenir.test', before);
    const verified = await app
      .anon()
      .post('/api/auth/verify-email', { token: verificationToken(mail) });
    expect(verified.status).toBe(200);
    expect(smtp.mails.slice(before).map((m) => m.to[0])).toEqual(['pending@avenir.test']);
  });
});
