// Shapes of the API, shared with the server (type-only imports: nothing of the server is bundled).
export type {
  UserSummary,
  MessageView,
  NewsView,
  NotificationView,
  ConversationView,
  ClientFrame,
  ServerFrame,
} from '../src/realtime/protocol';
export type { AccountView } from '../src/accounts/service';
import type { UserSummary } from '../src/realtime/protocol';

export type Me = UserSummary & { email: string; advisor: UserSummary | null };

export type ClientListItem = UserSummary & {
  email: string;
  /** Whether the client confirmed their e-mail address. */
  emailVerified: boolean;
  advisor: UserSummary | null;
  online: boolean;
};
