/**
 * Strong authentication from a test, over HTTP on any host: e-mailed codes read
 * from the dev mailbox, passkeys made by the software authenticator.
 */
import type { Agent } from './harness';
import { SoftAuthenticator } from './passkey-authenticator';

type Details = Record<string, string | number>;

const codeMails = async (agent: Agent, to: string) => {
  const items: { to: string; subject: string; text: string }[] =
    (await agent.get('/dev/mailbox.json')).body?.items ?? [];
  return items.filter((m) => m.to === to && /code de confirmation/.test(m.subject));
};

export async function createChallenge(agent: Agent, action: string, details: Details = {}) {
  const res = await agent.post('/api/sca/challenges', { action, details });
  if (res.status !== 201) throw new Error(`challenge: ${res.status} ${res.text}`);
  return res.body.challenge;
}

/** Asks for the challenge's code by e-mail and reads it from the dev mailbox. */
export async function emailedCode(agent: Agent, challengeId: string): Promise<string> {
  const to = agent.user.email;
  const before = (await codeMails(agent, to)).length;
  const sent = await agent.post(`/api/sca/challenges/${challengeId}/email`);
  if (sent.status !== 202) throw new Error(`code mail: ${sent.status} ${sent.text}`);
  // Polled for the mail itself (works in hooks too, where expect.poll is not allowed).
  let mails = await codeMails(agent, to);
  for (const deadline = Date.now() + 15_000; mails.length <= before;) {
    if (Date.now() > deadline) throw new Error(`no code mail for ${to}`);
    await new Promise((r) => setTimeout(r, 50));
    mails = await codeMails(agent, to);
  }
  return /code de confirmation est (\d{6})/.exec(mails[0].text)![1];
}

/** A proof by e-mailed code for `action` and `details`. */
export async function scaByEmail(agent: Agent, action: string, details: Details = {}) {
  const challenge = await createChallenge(agent, action, details);
  return { challengeId: challenge.id as string, code: await emailedCode(agent, challenge.id) };
}

/** A proof by passkey for `action` and `details`. */
export async function scaByPasskey(
  agent: Agent,
  authn: SoftAuthenticator,
  action: string,
  details: Details = {},
) {
  const challenge = await createChallenge(agent, action, details);
  return {
    challengeId: challenge.id as string,
    passkey: authn.assert(challenge.publicKey, agent.base),
  };
}

/** Registers a passkey for the agent's user (the first authorised by an e-mailed code). */
export async function enrollPasskey(
  agent: Agent,
  authn = new SoftAuthenticator(),
  name = 'Téléphone',
) {
  const options = (await agent.post('/api/auth/passkeys/options')).body.publicKey;
  const response = authn.register(options, agent.base);
  const sca =
    authn.credentials.length > 1
      ? await scaByPasskey(agent, authn, 'passkey.add')
      : await scaByEmail(agent, 'passkey.add');
  const res = await agent.post('/api/auth/passkeys', { name, response, sca });
  if (res.status !== 201) throw new Error(`passkey: ${res.status} ${res.text}`);
  return { authn, passkey: res.body.passkey };
}

/** Saves a beneficiary with a passkey proof, so transfers to it need no more. */
export async function saveBeneficiary(
  agent: Agent,
  authn: SoftAuthenticator,
  name: string,
  iban: string,
) {
  const sca = await scaByPasskey(agent, authn, 'beneficiary.add', { name, iban });
  const res = await agent.post('/api/beneficiaries', { name, iban, sca });
  if (res.status !== 201) throw new Error(`beneficiary: ${res.status} ${res.text}`);
  return res.body.beneficiary;
}

const enrolled = new WeakMap<Agent, Promise<SoftAuthenticator>>();
/** The agent's passkey, enrolled on first use. */
export function passkeyOf(agent: Agent): Promise<SoftAuthenticator> {
  let got = enrolled.get(agent);
  if (!got) enrolled.set(agent, (got = enrollPasskey(agent).then((r) => r.authn)));
  return got;
}

/** Saves `iban` as the agent's beneficiary (strong authentication by passkey): transfers to it need no more. */
export async function trustPayee(agent: Agent, iban: string, name = 'Bénéficiaire') {
  return saveBeneficiary(agent, await passkeyOf(agent), name, iban);
}

/** POST /api/transfers, confirmed with the agent's passkey when the payee is new (403 sca_required). */
export async function postTransfer(agent: Agent, body: any, headers?: Record<string, string>) {
  const first = await agent.post('/api/transfers', body, headers);
  if (first.status !== 403 || first.body?.error?.code !== 'sca_required') return first;
  const { fromAccountId, toIban, amountCents } = body;
  const sca = await scaByPasskey(agent, await passkeyOf(agent), 'transfer', {
    fromAccountId,
    toIban,
    amountCents,
  });
  return agent.post('/api/transfers', { ...body, sca }, headers);
}
