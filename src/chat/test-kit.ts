/**
 * Helpers for the chat and staff tests: fresh accounts created through the
 * real services (so tests never share a rate-limit budget or a read marker),
 * and a round-trip barrier for "nothing else arrived" checks without sleeping.
 */
import { eq } from 'drizzle-orm';
import WebSocket from 'ws';
import { afterAll, beforeAll } from 'vitest';
import { createClientTx } from '../auth/service';
import { createSession } from '../auth/session';
import { SESSION_COOKIE } from '../auth/cookies';
import { conversations, users } from '../db/schema';
import { Agent, startTestApp, type TestApp, type TestSocket } from '../../test/harness';

let counter = 0;

/**
 * One app for the calling test file, started before its first test and stopped
 * after its last; `started` receives it (tests then read it from their own variable).
 */
export function startAppForFile(started: (app: TestApp) => void) {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await startTestApp();
    started(app);
  });
  afterAll(() => app?.stop());
}

/**
 * A new session for an account, as a signed-in agent. It skips the password
 * check (scrypt costs a quarter second a login; the auth tests cover it): the
 * session is created by the real session service and carried by the real cookie.
 */
export async function signIn(app: TestApp, email: string): Promise<Agent> {
  const p = app.platform;
  const user = p.db.select().from(users).where(eq(users.email, email)).get();
  if (!user) throw new Error(`no account ${email}`);
  const { token } = await createSession(p, user.id);
  const agent = new Agent(app.origin);
  agent.cookie = `${SESSION_COOKIE}=${token}`;
  agent.user = {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    role: user.role,
  };
  return agent;
}

/** A verified client of the given advisor, signed in; with their private conversation id. */
export async function freshClient(app: TestApp, advisorEmail = 'conseiller1@avenir.test') {
  const p = app.platform;
  const advisor = p.db.select().from(users).where(eq(users.email, advisorEmail)).get()!;
  const email = `fresh${process.pid}-${++counter}@avenir.test`;
  const now = p.clock.now();
  const client = p.db.transaction((tx) =>
    createClientTx(
      tx,
      {
        email,
        passwordHash: 'unused',
        firstName: 'Test',
        lastName: `N${counter}`,
        emailVerifiedAt: now,
      },
      now,
      {
        advisorId: advisor.id,
      },
    ),
  );
  const conv = p.db
    .select()
    .from(conversations)
    .where(eq(conversations.clientId, client.id))
    .get()!;
  const agent = await signIn(app, email);
  return { agent, id: client.id, conversationId: conv.id };
}

/** The caller's conversations. */
export async function conversationsOf(agent: Agent) {
  const res = await agent.get('/api/conversations');
  if (res.status !== 200) throw new Error(`GET /api/conversations: ${res.status}`);
  return res.body.items as any[];
}

export async function groupIdOf(agent: Agent): Promise<number> {
  return (await conversationsOf(agent)).find((c) => c.kind === 'group').id;
}

/** The private conversation of a fixture client, as seen by that client. */
export async function privateIdOf(agent: Agent): Promise<number> {
  return (await conversationsOf(agent)).find((c) => c.kind === 'private').id;
}

/**
 * Round trip on a socket: once its pong is back, every frame the server wrote
 * to it before reading our ping has arrived too (one ordered TCP stream).
 */
export async function sync(sock: TestSocket) {
  const before = sock.of('pong').length;
  sock.send({ type: 'ping' });
  await sock.next((f) => f.type === 'pong' && sock.of('pong').length > before);
}

export async function syncAll(...socks: TestSocket[]) {
  await Promise.all(socks.map(sync));
}

export async function messagesOf(agent: Agent, conversationId: number, query = '') {
  const res = await agent.get(`/api/conversations/${conversationId}/messages${query}`);
  return res;
}

/**
 * The cast of the authorization matrices: clients 1 and 2 of the first advisor,
 * client 4 of the second, the first advisor, and the conversations they are
 * outsiders to (client 2's, client 4's, the staff group).
 */
export async function outsidersCast(app: TestApp) {
  const client1 = await signIn(app, 'client1@avenir.test');
  const client2 = await signIn(app, 'client2@avenir.test');
  const client4 = await signIn(app, 'client4@avenir.test');
  const advisor1 = await signIn(app, 'conseiller1@avenir.test');
  const c2 = await privateIdOf(client2);
  const c4 = await privateIdOf(client4);
  const group = await groupIdOf(advisor1);
  return { client1, client2, client4, advisor1, c2, c4, group };
}

export const uid = () => `c-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

/** The HTTP status with which the server refuses a WebSocket upgrade sent with `headers`. */
export async function refusedStatus(app: TestApp, headers: Record<string, string>) {
  const ws = new WebSocket(app.url.replace(/^http/, 'ws') + '/api/ws', { headers });
  return new Promise<number>((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode!));
    ws.once('open', () => reject(new Error('upgrade accepted')));
    ws.once('error', reject);
  });
}
