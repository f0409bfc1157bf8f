import { useEffect } from 'preact/hooks';
import { BellButton, bellLabel } from '../bell-button';
import './feed.css';
import { useAppState } from '../../state/app-state';
import { CENTRE_ID, NotificationCentre } from './notification-centre';

/** The bell with its unread badge; it opens the notification centre (Escape or a click outside closes it). */
export function NotificationBell() {
  const { centreOpen, closeCentre, loadNotifications, notifications, openCentre, unreadCount } =
    useAppState().notifications;
  useEffect(() => {
    if (!notifications.value) void loadNotifications();
  }, []);

  return (
    <BellButton
      open={centreOpen.value}
      setOpen={(open) => (open ? openCentre() : closeCentre())}
      count={unreadCount.value}
      label={bellLabel(unreadCount.value)}
      panelId={CENTRE_ID}
      panel={(close) => <NotificationCentre onClose={close} />}
    />
  );
}
