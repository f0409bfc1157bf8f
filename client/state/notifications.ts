/**
 * The signed-in client's notifications: the list with its unread count, live
 * arrivals (with a toast), read markers kept in step across tabs by the
 * stream's `notification.read` events, and the notification centre's open state.
 */
import { computed, effect, signal, untracked } from '@preact/signals';
import { api } from '../api';
import { path } from '../router';
import type { NotificationView } from '../types';
import type { EventStream } from './event-stream';
import { createPagedList, mergeNewestFirst } from './paged-list';
import { me } from './session';

export const NOTIFICATIONS_PAGE_SIZE = 20;
const TOAST_MS = 8000;
const MAX_TOASTS = 3;

type Page = { items: NotificationView[]; unreadCount: number; hasMore: boolean };

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

export const notifications = computed(() => items.value);
export const unreadCount = computed(() => unread.value);
export const notificationsHasMore = computed(() => list.more.value);
export const notificationsFailed = computed(() => list.failed.value);
export const notificationsLoadingMore = computed(() => list.loadingMore.value);
/** Whether the notification centre (the bell's panel) is open. */
export const centreOpen = computed(() => open.value);
/** Notifications that arrived while the app was open, newest last. */
export const toasts = computed(() => toastList.value);

/** Fetches the newest page with the unread count; concurrent calls coalesce. */
export const loadNotifications = list.loadNewest;

export const loadOlderNotifications = list.loadOlder;

function setRead(ids: number[] | 'all', at: string) {
  if (!items.value) return;
  items.value = items.value.map((n) =>
    !n.readAt && (ids === 'all' || ids.includes(n.id)) ? { ...n, readAt: at } : n,
  );
}

/** Marks one read at once; the server's `notification.read` then tells the other tabs. */
export async function markNotificationRead(id: number) {
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

export async function markAllNotificationsRead() {
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

export function dismissToast(id: number) {
  clearTimeout(toastTimers.get(id));
  toastTimers.delete(id);
  toastList.value = toastList.value.filter((t) => t.id !== id);
}

function dismissAllToasts() {
  for (const id of [...toastTimers.keys()]) dismissToast(id);
}

export function openCentre() {
  open.value = true;
  dismissAllToasts();
}
export function closeCentre() {
  open.value = false;
}

/** Forget everything (sign-out). */
export function clearNotifications() {
  list.clear();
  unread.value = 0;
  open.value = false;
  dismissAllToasts();
  sentItems.value = null;
  sentMore.value = false;
}

// ── Staff side: sending, and what was sent ──────────────────────────────────

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

const sentItems = signal<SentNotificationView[] | null>(null);
const sentMore = signal(false);
const sentFailed = signal(false);

export const sentNotifications = computed(() => sentItems.value);
export const sentHasMore = computed(() => sentMore.value);
export const sentFailedToLoad = computed(() => sentFailed.value);

export async function loadSentNotifications(older = false) {
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
export async function sendNotification(draft: NotificationDraft) {
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

/**
 * Ties the notifications to the tab's event stream and to the session; called once,
 * by createAppState. Returns what undoes it.
 */
export function connectNotifications(stream: EventStream) {
  const undo = [
    stream.on('notification', receiveNotification),
    stream.on('notification.read', receiveRead),
    stream.on('notification.sent.read', receiveSentRead),
    stream.onResync(list.resync),
    stream.onResync(() => {
      if (sentItems.value) void loadSentNotifications();
    }),
    // A push notification's click lands on /notifications (see sw.ts): open the centre there.
    effect(() => {
      if (path.value === '/notifications') untracked(openCentre);
    }),
    // Signed out: forget, so whoever signs in next on this tab starts clean.
    effect(() => {
      if (me.value === null) untracked(clearNotifications);
    }),
  ];
  return () => undo.forEach((fn) => fn());
}
