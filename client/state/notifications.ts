/**
 * The signed-in client's notifications: the list with its unread count, live
 * arrivals (with a toast), read markers kept in step across tabs by the
 * stream's `notification.read` events, and the notification centre's open state.
 * One per tab, made by createAppState and reached through useAppState().notifications.
 */
import { computed, effect, signal, untracked, type ReadonlySignal } from '@preact/signals';
import { api } from '../api';
import { path } from '../router';
import type { Me, NotificationView } from '../types';
import type { EventStream } from './event-stream';
import { createPagedList, mergeNewestFirst } from './paged-list';

export const NOTIFICATIONS_PAGE_SIZE = 20;
const TOAST_MS = 8000;
const MAX_TOASTS = 3;

type Page = { items: NotificationView[]; unreadCount: number; hasMore: boolean };

/** A sent notification as its sender sees it: the recipient instead of the sender. */
export type SentNotificationView = Omit<NotificationView, 'sender'> & {
  recipient: NonNullable<NotificationView['sender']>;
};
export type NotificationDraft = {
  recipientId: number;
  kind: NotificationView['kind'];
  title: string;
  body: string;
  link: string | null;
};

export function createNotifications(deps: {
  me: ReadonlySignal<Me | null | undefined>;
  stream: EventStream;
}) {
  const unread = signal(0);
  const list = createPagedList<NotificationView, Page>({
    path: '/api/notifications',
    pageSize: NOTIFICATIONS_PAGE_SIZE,
    onNewestPage(page) {
      unread.value = page.unreadCount;
    },
  });
  const items = list.items;
  const open = signal(false);
  const toastList = signal<NotificationView[]>([]);

  const notifications = computed(() => items.value);
  const unreadCount = computed(() => unread.value);
  const notificationsHasMore = computed(() => list.more.value);
  const notificationsFailed = computed(() => list.failed.value);
  const notificationsLoadingMore = computed(() => list.loadingMore.value);
  /** Whether the notification centre (the bell's panel) is open. */
  const centreOpen = computed(() => open.value);
  /** Notifications that arrived while the app was open, newest last. */
  const toasts = computed(() => toastList.value);

  /** Fetches the newest page with the unread count; concurrent calls coalesce. */
  const loadNotifications = list.loadNewest;

  const loadOlderNotifications = list.loadOlder;

  function setRead(ids: number[] | 'all', at: string) {
    if (!items.value) return;
    items.value = items.value.map((n) =>
      !n.readAt && (ids === 'all' || ids.includes(n.id)) ? { ...n, readAt: at } : n,
    );
  }

  /** Marks one read at once; the server's `notification.read` then tells the other tabs. */
  async function markNotificationRead(id: number) {
    const n = items.value?.find((x) => x.id === id);
    if (!n || n.readAt) return;
    list.touch();
    setRead([id], new Date().toISOString());
    unread.value = Math.max(0, unread.value - 1);
    try {
      await api.post(`/api/notifications/${id}/read`);
    } catch {
      void loadNotifications(); // put back whatever the server says
    }
  }

  async function markAllNotificationsRead() {
    if (unread.value === 0) return;
    list.touch();
    setRead('all', new Date().toISOString());
    unread.value = 0;
    try {
      await api.post('/api/notifications/read-all');
    } catch {
      void loadNotifications();
    }
  }

  function receiveNotification(n: NotificationView) {
    if (!list.receive(n)) return;
    list.touch();
    if (!n.readAt) unread.value++;
    showToast(n);
  }

  function receiveRead(data: { ids: number[] } | { all: true }) {
    if (!items.value) return;
    list.touch();
    const now = new Date().toISOString();
    if ('all' in data) {
      setRead('all', now);
      unread.value = 0;
      return;
    }
    if (!Array.isArray(data.ids)) return;
    // Every id in the event was unread on the server just before; count those we had not already marked.
    const known = new Map(items.value.map((n) => [n.id, n]));
    const newlyRead = data.ids.filter((id) => !known.get(id)?.readAt).length;
    setRead(data.ids, now);
    unread.value = Math.max(0, unread.value - newlyRead);
  }

  const toastTimers = new Map<number, ReturnType<typeof setTimeout>>();

  function showToast(n: NotificationView) {
    if (open.value) return; // the open centre already shows it at the top
    toastList.value = [...toastList.value.filter((t) => t.id !== n.id), n].slice(-MAX_TOASTS);
    toastTimers.set(
      n.id,
      setTimeout(() => dismissToast(n.id), TOAST_MS),
    );
  }

  function dismissToast(id: number) {
    clearTimeout(toastTimers.get(id));
    toastTimers.delete(id);
    toastList.value = toastList.value.filter((t) => t.id !== id);
  }

  function dismissAllToasts() {
    for (const id of [...toastTimers.keys()]) dismissToast(id);
  }

  function openCentre() {
    open.value = true;
    dismissAllToasts();
  }
  function closeCentre() {
    open.value = false;
  }

  /** Forget everything (sign-out). */
  function clearNotifications() {
    list.clear();
    unread.value = 0;
    open.value = false;
    dismissAllToasts();
    sentItems.value = null;
    sentMore.value = false;
  }

  // ── Staff side: sending, and what was sent ──────────────────────────────────

  const sentItems = signal<SentNotificationView[] | null>(null);
  const sentMore = signal(false);
  const sentFailed = signal(false);

  const sentNotifications = computed(() => sentItems.value);
  const sentHasMore = computed(() => sentMore.value);
  const sentFailedToLoad = computed(() => sentFailed.value);

  async function loadSentNotifications(older = false) {
    const list = sentItems.value;
    const before = older && list?.length ? `&before=${list[list.length - 1].id}` : '';
    try {
      const page = await api.get<{ items: SentNotificationView[]; hasMore: boolean }>(
        `/api/notifications/sent?limit=10${before}`,
      );
      sentItems.value = mergeNewestFirst(older ? (sentItems.value ?? []) : [], page.items);
      sentMore.value = page.hasMore;
      sentFailed.value = false;
    } catch {
      if (!sentItems.value) sentFailed.value = true;
    }
  }

  /**
   * Staff: sends a notification to one client. Throws the ApiError (with its
   * per-field messages) for the form to show; on success it heads the sent list.
   */
  async function sendNotification(draft: NotificationDraft) {
    const { notification } = await api.post<{ notification: NotificationView }>(
      '/api/notifications',
      draft,
    );
    void loadSentNotifications(); // the server's view carries the recipient's summary
    return notification;
  }

  /** A recipient read some of what this staff member sent (`notification.sent.read`). */
  function receiveSentRead(data: { ids: number[]; readAt: string }) {
    if (!sentItems.value || !Array.isArray(data.ids)) return;
    sentItems.value = sentItems.value.map((n) =>
      !n.readAt && data.ids.includes(n.id) ? { ...n, readAt: data.readAt } : n,
    );
  }

  const undo = [
    deps.stream.on('notification', receiveNotification),
    deps.stream.on('notification.read', receiveRead),
    deps.stream.on('notification.sent.read', receiveSentRead),
    deps.stream.onResync(list.resync),
    deps.stream.onResync(() => {
      if (sentItems.value) void loadSentNotifications();
    }),
    // A push notification's click lands on /notifications (see sw.ts): open the centre there.
    effect(() => {
      if (path.value === '/notifications') untracked(openCentre);
    }),
    // Signed out: forget, so whoever signs in next on this tab starts clean.
    effect(() => {
      if (deps.me.value === null) untracked(clearNotifications);
    }),
  ];

  return {
    notifications,
    unreadCount,
    notificationsHasMore,
    notificationsFailed,
    notificationsLoadingMore,
    centreOpen,
    toasts,
    loadNotifications,
    loadOlderNotifications,
    markNotificationRead,
    markAllNotificationsRead,
    dismissToast,
    openCentre,
    closeCentre,
    clearNotifications,
    sentNotifications,
    sentHasMore,
    sentFailedToLoad,
    loadSentNotifications,
    sendNotification,
    dispose: () => undo.forEach((fn) => fn()),
  };
}
export type Notifications = ReturnType<typeof createNotifications>;
