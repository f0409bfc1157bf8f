import { describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { type Agent, type TestApp } from '../../test/harness';
import { type ReceivedMail } from '../../test/smtp';
import { sessionRow, setSession } from './test-kit';
import { topics } from '../realtime/hub';
import { signIn } from '../chat/test-kit';
import { passwordResetTokens } from './schema';
import { SESSION_MAX_AGE_MS, SESSION_TTL_MS } from './session';
import { hashToken } from './tokens';
import { startSmtpAppForFile, type SmtpReceiver } from '../../test/smtp-app';

let app: TestApp;
let smtp: SmtpReceiver;
startSmtpAppForFile((started) => ({ app, smtp } = started));

const resetToken = (mail: ReceivedMail) => {
  const m = mail.text.match(/\/reset-password\?token=([a-z0-9]+)/);
  if (!m) throw new Error('no reset link in mail:\n' + mail.text);
  return m[1];
};

/** Two sessions of one user, each with a chat socket and an event stream open. */
async function openEverywhere(email: string) {
  const phone = await signIn(app, email);
  const laptop = await signIn(app, email);
  const sockets = await Promise.all([phone.ws(), laptop.ws()]);
  const streams = await Promise.all([phone.sse(), laptop.sse()]);
  await vi.waitFor(() =>
    expect(app.platform.hub.listenerCount(topics.user(phone.user.id))).toBe(2),
  );
  return { agents: [phone, laptop], sockets, streams };
}

async function expectAllEnded(open: Awaited<ReturnType<typeof openEverywhere>>) {
  await Promise.all(open.sockets.map((s) => s.closed));
  await Promise.all(open.streams.map((s) => s.ended));
  for (const agent of open.agents as Agent[]) expect((await agent.get('/api/me')).status).toBe(401);
}

describe('password reset', () => {
  it('answers every address alike and mails a single-use, hashed, one-hour link', async () => {
    const before = smtp.mails.length;
    const answers = [];
    for (const email of ['client3@avenir.test', 'personne@exemple.fr', 'pas-un-email'])
      answers.push(await app.anon().post('/api/auth/password-reset/request', { email }));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    const mail = await smtp.waitFor('client3@avenir.test', before);
    expect(mail.text).toContain(`${app.platform.config.appUrl.origin}/reset-password?token=`);
    const token = resetToken(mail);
    const row = app.platform.db
      .select()
      .from(passwordResetTokens)
      .where(eq(passwordResetTokens.id, hashToken(token)))
      .get()!;
    expect(row).toBeTruthy();
    expect(+row.expiresAt - Date.now()).toBeLessThanOrEqual(3_600_000);
    expect(
      app.platform.db
        .select()
        .from(passwordResetTokens)
        .all()
        .some((t) => t.id === token),
    ).toBe(false);
    expect(smtp.mails.slice(before).map((m) => m.to[0])).toEqual(['client3@avenir.test']);
  });

  it('sets the new password and ends every session, socket and stream of the user', async () => {
    const before = smtp.mails.length;
    await app.anon().post('/api/auth/password-reset/request', { email: 'client4@avenir.test' });
    const token = resetToken(await smtp.waitFor('client4@avenir.test', before));
    const open = await openEverywhere('client4@avenir.test');
    const short = await app.anon().post('/api/auth/password-reset', { token, password: 'court' });
    expect(short.status).toBe(400);
    expect(short.body.error.fields.password).toBeTruthy();
    const res = await app
      .anon()
      .post('/api/auth/password-reset', { token, password: 'nouveau-mot-de-passe' });
    expect(res.status).toBe(204);
    await expectAllEnded(open);
    const old = await app
      .anon()
      .post('/api/auth/login', { email: 'client4@avenir.test', password: 'Avenir-2026!' });
    expect(old.status).toBe(401);
    await app.login('client4@avenir.test', 'nouveau-mot-de-passe');
    // single use
    const again = await app
      .anon()
      .post('/api/auth/password-reset', { token, password: 'encore-un-autre' });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invalid_token');
  });

  it('refuses an expired, a replaced and a garbage token', async () => {
    let before = smtp.mails.length;
    await app.anon().post('/api/auth/password-reset/request', { email: 'client5@avenir.test' });
    const first = resetToken(await smtp.waitFor('client5@avenir.test', before));
    before = smtp.mails.length;
    await app.anon().post('/api/auth/password-reset/request', { email: 'client5@avenir.test' });
    const second = resetToken(await smtp.waitFor('client5@avenir.test', before));
    app.platform.db
      .update(passwordResetTokens)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(passwordResetTokens.id, hashToken(second)))
      .run();
    for (const token of [first, second, 'nope']) {
      const res = await app
        .anon()
        .post('/api/auth/password-reset', { token, password: 'nouveau-mot-de-passe' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_token');
    }
    await app.login('client5@avenir.test'); // unchanged
  });
});

describe('sessions: sign out everywhere, absolute lifetime', () => {
  it('logout-all ends every session of the user, closing sockets and streams', async () => {
    const open = await openEverywhere('client6@avenir.test');
    const other = await signIn(app, 'client1@avenir.test');
    const res = await open.agents[0].post('/api/auth/logout-all');
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/avenir_session=;/);
    await expectAllEnded(open);
    expect((await other.get('/api/me')).status).toBe(200); // someone else's session lives on
    expect((await app.anon().post('/api/auth/logout-all')).status).toBe(401);
  });

  it('ends a session 90 days after sign-in however active it is, and never slides past it', async () => {
    const agent = await signIn(app, 'client2@avenir.test');
    const id = hashToken(agent.cookie.split('=')[1]);
    const now = Date.now();
    // signed in 80 days ago, used recently: the expiry slides, but only up to day 90
    setSession(app, id, {
      createdAt: new Date(now - 80 * 86_400_000),
      expiresAt: new Date(now + 5 * 86_400_000),
    });
    expect((await agent.get('/api/me')).status).toBe(200);
    const row = sessionRow(app, id)!;
    expect(+row.expiresAt).toBeLessThanOrEqual(+row.createdAt + SESSION_MAX_AGE_MS);
    expect(+row.expiresAt).toBeGreaterThan(now + 9 * 86_400_000);
    expect(+row.expiresAt).toBeLessThan(now + SESSION_TTL_MS);
    // day 91: over, although the sliding expiry is still ahead
    setSession(app, id, {
      createdAt: new Date(now - 91 * 86_400_000),
      expiresAt: new Date(now + 20 * 86_400_000),
    });
    expect((await agent.get('/api/me')).status).toBe(401);
    expect(sessionRow(app, id)).toBeUndefined();
  });
});
