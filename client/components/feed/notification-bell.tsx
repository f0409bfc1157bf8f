/** The bell with its unread badge and the notification centre (issue 4). */
export function NotificationBell() {
  return null;
}
