// The Bank's mail outbox keeps no live link once a mail is sent, as on Node.
import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { bankOf } from '../../src/hosts/worker/env';
import { mailOutbox } from '../../src/mail/schema';
import { ORIGIN } from './helpers';

it('blanks a reset mail’s subject and body once sent, keeping recipient, kind and times', async () => {
  const res = await SELF.fetch(`${ORIGIN}/api/auth/password-reset/request`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'client5@avenir.test' }),
  });
  expect(res.status).toBeLessThan(300);
  const row = () =>
    runInDurableObject(bankOf(env), (bank) =>
      bank.platform.db
        .select()
        .from(mailOutbox)
        .where(eq(mailOutbox.recipient, 'client5@avenir.test'))
        .get(),
    );
  for (let t = Date.now(); !(await row())?.sentAt; await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() - t > 10_000) throw new Error('the reset mail was never sent');
  const sent = (await row())!;
  expect(sent).toMatchObject({ kind: 'password_reset', subject: '', text: '', html: '' });
  expect(sent.createdAt).toBeInstanceOf(Date);
});
