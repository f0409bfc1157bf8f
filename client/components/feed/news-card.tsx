import { useSignal } from '@preact/signals';
import type { NewsView } from '../../types';
import { Avatar } from '../avatar';
import { formatWhen, fullName, roleLabel } from '../../format';

const CLAMP_AT = 280;

/**
 * One news item: title, body (long ones folded), author and time. The composer's
 * preview passes `preview` so the draft's title does not name a landmark in the form.
 */
export function NewsCard({
  item,
  fresh = false,
  preview = false,
}: {
  item: NewsView;
  fresh?: boolean;
  preview?: boolean;
}) {
  const expanded = useSignal(false);
  const long = item.body.length > CLAMP_AT;
  const titleId = `news-${item.id}-title`;
  return (
    <article class="news-card" aria-labelledby={preview ? undefined : titleId}>
      {fresh && <span class="news-card__new">Nouveau</span>}
      <h3 class="news-card__title" id={preview ? undefined : titleId}>
        {item.title}
      </h3>
      <p class={`news-card__body${long && !expanded.value ? ' news-card__body--folded' : ''}`}>
        {item.body}
      </p>
      {long && (
        <button
          type="button"
          class="link-button"
          aria-expanded={expanded.value}
          onClick={() => (expanded.value = !expanded.value)}
        >
          {expanded.value ? 'Réduire' : 'Lire la suite'}
        </button>
      )}
      <footer class="news-card__meta">
        <Avatar user={item.author} />
        <span>
          <span class="news-card__author">{fullName(item.author)}</span>
          <span class="muted">
            {' '}
            · {roleLabel(item.author)} ·{' '}
            <time dateTime={item.createdAt}>{formatWhen(item.createdAt)}</time>
          </span>
        </span>
      </footer>
    </article>
  );
}
