/** Helpers for the session tests: read a session row, or move its dates as time passing would. */
import { eq } from 'drizzle-orm';
import type { TestApp } from '../../test/harness';
import { sessions } from './schema';

export const sessionRow = (app: TestApp, id: string) =>
  app.platform.db.select().from(sessions).where(eq(sessions.id, id)).get();

export const setSession = (
  app: TestApp,
  id: string,
  dates: Pick<Partial<typeof sessions.$inferInsert>, 'createdAt' | 'expiresAt'>,
) => app.platform.db.update(sessions).set(dates).where(eq(sessions.id, id)).run();
