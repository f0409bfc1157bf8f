import { useState } from 'preact/hooks';
import { useAppState } from '../../state/app-state';
import { me } from '../../state/session';
import { ComposerFooter, useComposerSubmit, type ComposerErrors } from './composer-form';
import { Counter, InputField, TextAreaField } from './form-fields';
import { NewsCard } from './news-card';
import { NEWS_BODY_MAX_CHARS, NEWS_TITLE_MAX_CHARS } from '../../../src/feed/limits';

/** Staff: write a news item with a live preview and publish it to every client's feed. */
export function NewsComposer() {
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const { errors, sending, done, clearErrors, submit } = useComposerSubmit(['title', 'body']);
  const author = me.value!;
  const feed = useAppState().feed;

  function publish(e: Event) {
    return submit(e, {
      check: () => {
        const local: ComposerErrors<'title' | 'body'> = {};
        if (!title.trim()) local.title = 'Titre requis.';
        if (!body.trim()) local.body = 'Contenu requis.';
        return local;
      },
      send: async () => {
        const created = await feed.publish({ title, body });
        setTitle('');
        setBody('');
        return `« ${created.title} » est en ligne pour tous les clients.`;
      },
      failed: 'La publication a échoué.',
    });
  }

  return (
    <form
      class="panel feed-composer"
      data-testid="news-composer"
      aria-labelledby="news-composer-title"
      noValidate
      onSubmit={publish}
    >
      <h2 id="news-composer-title" class="panel__title">
        Publier une actualité
      </h2>
      <p class="muted feed-composer__intro">
        Visible immédiatement par tous les clients, dans leur fil d’actualités.
      </p>
      <InputField
        label="Titre"
        name="title"
        value={title}
        maxLength={NEWS_TITLE_MAX_CHARS}
        required
        autoComplete="off"
        error={errors.title}
        hint={<Counter value={title} max={NEWS_TITLE_MAX_CHARS} />}
        onInput={(e) => {
          setTitle(e.currentTarget.value);
          clearErrors('title');
        }}
      />
      <TextAreaField
        label="Contenu"
        name="body"
        rows={6}
        value={body}
        maxLength={NEWS_BODY_MAX_CHARS}
        required
        error={errors.body}
        hint={<Counter value={body} max={NEWS_BODY_MAX_CHARS} />}
        onInput={(e) => {
          setBody(e.currentTarget.value);
          clearErrors('body');
        }}
      />
      <div class="feed-composer__preview">
        <p class="feed-composer__preview-label" id="news-preview-label">
          Aperçu
        </p>
        <div class="feed-composer__preview-card" role="group" aria-labelledby="news-preview-label">
          <NewsCard
            preview
            item={{
              id: 0,
              title: title.trim() || 'Votre actualité',
              body: body.trim() || 'Le contenu apparaîtra ici, tel que vos clients le liront.',
              author,
              createdAt: new Date().toISOString(),
            }}
          />
        </div>
      </div>
      <ComposerFooter
        error={errors.form}
        sending={sending}
        label="Publier"
        busyLabel="Publication…"
        done={done}
      />
    </form>
  );
}
