import type { Platform } from '../platform';
import type { Session, User } from '../db/schema';

/** Hono's type parameter for every sub-app: what middleware puts on c.var. */
export type AppEnv = {
  Variables: {
    platform: Platform;
    user: User | null;
    session: Session | null;
  };
};
