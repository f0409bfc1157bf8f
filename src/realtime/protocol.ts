/**
 * The realtime protocol, shared by the server and the client (type-only imports
 * on the client): WebSocket frames both ways and the SSE events of /api/events.
 */
import type { UserSummary } from '../users/shape';
import type { MessageView } from '../chat/messages';
import type { NewsView } from '../feed/news';
import type { NotificationView } from '../notifications/notifications';
import type { DocumentView } from '../documents/service';
import type { AccountView, OperationView } from '../ledger/views';
import type { MarketSseEventMap } from '../market/events';
import type { StaffSseEventMap } from '../staff/events';

export type { UserSummary, MessageView, NewsView, NotificationView, AccountView, OperationView };

export type ConversationView = {
  id: number;
  kind: 'private' | 'group';
  title: string;
  participants: UserSummary[];
  lastMessage: MessageView | null;
  unreadCount: number;
  /** Each participant's read marker (addition to API.md: read ticks survive a reload). */
  readMarkers: { userId: number; messageId: number }[];
};

/** Client → server frames (JSON text, at most 16 KiB). */
export type ClientFrame =
  | { type: 'message.send'; conversationId: number; body: string; clientId: string }
  | { type: 'typing'; conversationId: number; isTyping: boolean }
  | { type: 'read'; conversationId: number; messageId: number }
  | { type: 'ping' };

export type ErrorCode =
  | 'validation_failed'
  | 'forbidden'
  | 'rate_limited'
  | 'bad_frame'
  /** The database cannot write now (full disk…): nothing was stored, retry later. */
  | 'unavailable'
  | 'internal_error';

/** Server → client frames. */
export type ServerFrame =
  | { type: 'ready'; user: UserSummary; conversationIds: number[] }
  | { type: 'pong' }
  | { type: 'message.ack'; clientId: string; message: MessageView }
  | { type: 'message.new'; message: MessageView }
  | { type: 'typing'; conversationId: number; user: UserSummary; isTyping: boolean }
  | { type: 'read'; conversationId: number; userId: number; messageId: number }
  | { type: 'presence'; userId: number; online: boolean }
  | { type: 'conversation.new'; conversation: ConversationView }
  | { type: 'error'; code: ErrorCode; message: string; clientId?: string };

/** SSE events of GET /api/events (`event:` name → `data:` payload). */
export type SseEventMap = {
  news: NewsView;
  notification: NotificationView;
  'notification.read': { ids: number[] } | { all: true };
  /** To a notification's sender when its recipient read it (addition to API.md). */
  'notification.sent.read': { ids: number[]; readAt: string };
  /** After each movement (operation) or account change (opened, renamed, closed, hold: operation null). */
  'account.updated': { account: AccountView; operation: OperationView | null };
  /** A document issued to the user (statement, receipt, avis d'opéré…). */
  'document.created': { document: DocumentView };
  reset: Record<string, never>;
} & MarketSseEventMap &
  StaffSseEventMap;

export const MAX_FRAME_BYTES = 16 * 1024;
export const TYPING_TIMEOUT_MS = 6000;
/** Close code of a chat socket whose session ended (logout or expiry): sign in again, don't just reconnect. */
export const SOCKET_CLOSE_SESSION_ENDED = 4001;
