/**
 * Set-up shared by the event-stream tests: one app per test file with a fast
 * heartbeat, and helpers that publish and read the event log.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { eq, max } from 'drizzle-orm';
import { startTestApp, type Agent, type SseEvent, type TestApp } from '../../test/harness';
import { events, users } from '../db/schema';

/** The calling file's app (a live binding, set before its first test). */
export let app: TestApp;

/** Starts the file's app before its first test and stops it after its last. */
export function startStreamApp() {
  beforeAll(async () => {
    app = await startTestApp({ SSE_HEARTBEAT_MS: '50' });
  });
  afterAll(() => app?.stop());
}

export const staff = (email: string) =>
  app.platform.db.select().from(users).where(eq(users.email, email)).get()!;
export const lastEventId = () =>
  app.platform.db
    .select({ id: max(events.id) })
    .from(events)
    .get()?.id ?? 0;
let seq = 0;
export const news = (agent: Agent, title = `Actu ${++seq}`) =>
  agent.post('/api/news', { title, body: `Texte de ${title}` });
export const notify = (agent: Agent, recipientId: number, title = `Note ${++seq}`) =>
  agent.post('/api/notifications', { recipientId, kind: 'info', title, body: `Texte de ${title}` });

/** The (type, domain id) trail of a stream, for comparing against what was published. */
export const trail = (list: SseEvent[]) =>
  list.map((e) => `${e.event}:${e.data?.id ?? JSON.stringify(e.data)}`);
export const expectIncreasingIds = (list: SseEvent[]) => {
  const ids = list.map((e) => Number(e.id));
  expect(
    ids.every((id, i) => Number.isSafeInteger(id) && id > 0 && (i === 0 || id > ids[i - 1])),
  ).toBe(true);
};
