import { useEffect } from 'preact/hooks';
import './feed.css';
import {
  loadNews,
  loadOlderNews,
  news,
  newsArrivedLive,
  newsFailed,
  newsHasMore,
  newsLoadingMore,
} from '../../state/feed';
import { NewsCard } from './news-card';
import { LoadFailed } from '../load-failed';
import { useAppState } from '../../state/app-state';
import '../connection.css';

/** « En direct » only while the stream is up: during an outage the badge says so too. */
function LivePill() {
  const state = useAppState().stream.state.value;
  const live = state === 'open';
  return (
    <span class={`live-pill${live ? '' : ' live-pill--off'}`} data-testid="live-pill">
      <span class="live-pill__dot" aria-hidden="true" />
      {live ? 'En direct' : state === 'reconnecting' ? 'Hors ligne' : 'Connexion…'}
    </span>
  );
}

/** The bank's live news feed: newest first, new items slide in at the top, older ones on demand. */
export function NewsFeed({ heading = 'Actualités' }: { heading?: string }) {
  useEffect(() => {
    if (!news.value) void loadNews();
  }, []);
  const items = news.value;
  const arrived = newsArrivedLive.value;
  const latest = items?.find((n) => arrived.has(n.id));
  return (
    <section class="panel news-feed" aria-labelledby="news-feed-title">
      <div class="news-feed__head">
        <h2 id="news-feed-title" class="panel__title">
          {heading}
        </h2>
        <LivePill />
      </div>
      <p class="visually-hidden" aria-live="polite">
        {latest ? `Nouvelle actualité : ${latest.title}` : ''}
      </p>
      {newsFailed.value && !items ? (
        <LoadFailed link onRetry={loadNews}>
          Les actualités n’ont pas pu être chargées.
        </LoadFailed>
      ) : !items ? (
        <div class="news-feed__skeleton" aria-busy="true" aria-label="Chargement des actualités" />
      ) : (
        <ul class="news-feed__list" data-testid="news-feed">
          {items.map((n) => (
            <li
              key={n.id}
              class={`news-item${arrived.has(n.id) ? ' news-item--new' : ''}`}
              data-testid="news-item"
              data-news-id={n.id}
            >
              <NewsCard item={n} fresh={arrived.has(n.id)} />
            </li>
          ))}
        </ul>
      )}
      {items?.length === 0 && <p class="muted">Aucune actualité pour le moment.</p>}
      {items && newsHasMore.value && (
        <button
          type="button"
          class="btn btn--ghost btn--block news-feed__more"
          aria-busy={newsLoadingMore.value}
          disabled={newsLoadingMore.value}
          onClick={() => void loadOlderNews().catch(() => {})}
        >
          {newsLoadingMore.value ? 'Chargement…' : 'Voir plus'}
        </button>
      )}
    </section>
  );
}
