import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { TestApp } from '../../test/harness';
import { mailOutbox } from '../mail/schema';
import { sendChatMailReminders } from './chat-mail';
import { DEFAULT_CHANNELS as DEFAULTS } from './preferences';
import { startSmtpAppForFile, type SmtpReceiver } from '../../test/smtp-app';

let app: TestApp;
let smtp: SmtpReceiver;
startSmtpAppForFile((started) => ({ app, smtp } = started));

const PATH = '/api/me/notification-preferences';
const outboxTo = (email: string) =>
  app.platform.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, email)).all();

describe('chat by e-mail', () => {
  it('one mail for a message unread after 10 minutes, at most one per conversation an hour', async () => {
    const c = await app.login('client6@avenir.test');
    const advisor = await app.login('conseiller2@avenir.test');
    const quiet = await app.login('client5@avenir.test');
    await c.request('PUT', PATH, {
      categories: { ...DEFAULTS, chat: { push: true, email: true } },
    });
    const conv = (await c.get('/api/conversations')).body.items.find(
      (x: any) => x.kind === 'private',
    );
    const quietConv = (await quiet.get('/api/conversations')).body.items.find(
      (x: any) => x.kind === 'private',
    );
    const say = (id: number, body: string) =>
      advisor.post(`/api/conversations/${id}/messages`, {
        body,
        clientId: `m-${Date.now()}-${Math.random()}`,
      });
    const p = app.platform;
    const minutes = (m: number) => p.clock.advance!(m * 60_000);
    const mails = () => outboxTo('client6@avenir.test').length;
    const start = mails();

    expect((await say(conv.id, 'Votre carte est arrivée, code secret 1234')).status).toBe(201);
    expect((await say(quietConv.id, 'Bonjour')).status).toBe(201);
    minutes(9);
    await sendChatMailReminders(p);
    expect(mails()).toBe(start); // not 10 minutes yet
    minutes(2);
    // Two runners at once (overlapping ticks, two hosts): one mail.
    await Promise.all([sendChatMailReminders(p), sendChatMailReminders(p)]);
    expect(mails()).toBe(start + 1);
    const mail = await smtp.waitFor('client6@avenir.test');
    expect(mail.text).toContain('Sophie Lemaire vous a écrit');
    expect(mail.text).not.toContain('1234'); // the message itself stays in the app

    expect((await say(conv.id, 'Autre chose')).status).toBe(201);
    minutes(15);
    await sendChatMailReminders(p);
    expect(mails()).toBe(start + 1); // within the hour
    minutes(50); // an hour after the first mail
    await sendChatMailReminders(p);
    expect(mails()).toBe(start + 2);

    // Read in time: no mail.
    const m = await say(conv.id, 'Lu à temps');
    const read = await c.post(`/api/conversations/${conv.id}/read`, {
      messageId: m.body.message.id,
    });
    expect(read.status).toBe(204);
    minutes(120);
    await sendChatMailReminders(p);
    expect(mails()).toBe(start + 2);
    expect(outboxTo('client5@avenir.test')).toEqual([]);
  });
});
