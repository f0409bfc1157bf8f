import { useEffect } from 'preact/hooks';
import './feed.css';
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
  const feed = useAppState().feed;
  useEffect(() => {
    if (!feed.items.value) void feed.loadNewest();
  }, []);
  const items = feed.items.value;
  const arrived = feed.arrivedLive.value;
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
      {feed.failed.value && !items ? (
        <LoadFailed link onRetry={feed.loadNewest}>
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
      {items && feed.hasMore.value && (
        <button
          type="button"
          class="btn btn--ghost btn--block news-feed__more"
          aria-busy={feed.loadingMore.value}
          disabled={feed.loadingMore.value}
          onClick={() => void feed.loadOlder().catch(() => {})}
        >
          {feed.loadingMore.value ? 'Chargement…' : 'Voir plus'}
        </button>
      )}
    </section>
  );
}
