import './feed.css';
import { NewsComposer } from './news-composer';
import { NotificationComposer } from './notification-composer';
import { NewsFeed } from './news-feed';
import { SentNotifications } from './sent-notifications';

/** The staff "Publier" tab: both composers, with the live feed and the sent list beside them. */
export function StaffComposers() {
  return (
    <div class="publish-grid">
      <div class="publish-grid__main">
        <NewsComposer />
        <NotificationComposer />
      </div>
      <div class="publish-grid__side">
        <NewsFeed heading="Fil des clients" />
        <SentNotifications />
      </div>
    </div>
  );
}
