import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { publishNews } from '../../state/feed';
import { me } from '../../state/session';
import { Counter, focusFirstInvalid, InputField, TextAreaField } from './form-fields';
import { NewsCard } from './news-card';

const TITLE_MAX = 200;
const BODY_MAX = 10_000;

type Errors = { title?: string; body?: string; form?: string };

/** Staff: write a news item with a live preview and publish it to every client's feed. */
export function NewsComposer() {
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const author = me.value!;

  async function submit(e: Event) {
    e.preventDefault();
    const local: Errors = {};
    if (!title.trim()) local.title = 'Titre requis.';
    if (!body.trim()) local.body = 'Contenu requis.';
    setErrors(local);
    setDone(null);
    const form = e.currentTarget as HTMLFormElement;
    if (local.title || local.body) return focusFirstInvalid(form);
    setSending(true);
    try {
      const created = await publishNews({ title, body });
      setTitle('');
      setBody('');
      setDone(`« ${created.title} » est en ligne pour tous les clients.`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.fields) {
        setErrors({ title: err.fields.title, body: err.fields.body, form: err.fields.title || err.fields.body ? undefined : err.message });
        focusFirstInvalid(form);
      } else setErrors({ form: err instanceof Error ? err.message : 'La publication a échoué.' });
    } finally {
      setSending(false);
    }
  }

  return (
    <form class="panel feed-composer" data-testid="news-composer" aria-labelledby="news-composer-title" noValidate onSubmit={submit}>
      <h2 id="news-composer-title" class="panel__title">
        Publier une actualité
      </h2>
      <p class="muted feed-composer__intro">Visible immédiatement par tous les clients, dans leur fil d’actualités.</p>
      <InputField
        label="Titre"
        name="title"
        value={title}
        maxLength={TITLE_MAX}
        required
        autoComplete="off"
        error={errors.title}
        hint={<Counter value={title} max={TITLE_MAX} />}
        onInput={(e) => {
          setTitle(e.currentTarget.value);
          setErrors(({ title: _gone, ...rest }) => rest);
        }}
      />
      <TextAreaField
        label="Contenu"
        name="body"
        rows={6}
        value={body}
        maxLength={BODY_MAX}
        required
        error={errors.body}
        hint={<Counter value={body} max={BODY_MAX} />}
        onInput={(e) => {
          setBody(e.currentTarget.value);
          setErrors(({ body: _gone, ...rest }) => rest);
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
      {errors.form && (
        <p class="alert alert--error" role="alert">
          {errors.form}
        </p>
      )}
      <div class="feed-composer__actions">
        <button type="submit" class="btn btn--primary" disabled={sending}>
          {sending ? 'Publication…' : 'Publier'}
        </button>
        <p class="feed-composer__done" role="status">
          {done}
        </p>
      </div>
    </form>
  );
}
