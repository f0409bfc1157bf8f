import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import type { ClientFile } from '../../state/staff/client-file';
import { formatWhen, fullName } from '../../format';
import { FilePanel } from './file-sections';
import { NOTE_MAX_CHARS } from '../../../src/staff/limits';

/** « Notes internes »: the team's notes about the client, with author and time; never shown to the client. */
export function Notes({ file }: { file: ClientFile }) {
  const [body, setBody] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const text = body.trim();
    if (!text) return setError('Écrivez la note avant de l’ajouter.');
    if (text.length > NOTE_MAX_CHARS) return setError(`Au plus ${NOTE_MAX_CHARS} caractères.`);
    setBusy(true);
    try {
      await file.addNote(text);
      setBody('');
      setError('');
    } catch (err) {
      setError(
        err instanceof ApiError
          ? (err.fields.body ?? err.message)
          : 'La note n’a pas pu être enregistrée.',
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <FilePanel id="file-notes" title="Notes internes" value={file.notes.value} retry={file.load}>
      {(notes) => (
        <>
          <p class="muted">Visibles par l’équipe AVENIR seulement, jamais par le client.</p>
          <form class="file-notes__form" onSubmit={submit} noValidate>
            <div class={`field${error ? ' field--error' : ''}`}>
              <label for="note-body">Nouvelle note</label>
              <textarea
                id="note-body"
                rows={3}
                maxLength={NOTE_MAX_CHARS}
                value={body}
                aria-invalid={!!error}
                aria-describedby={error ? 'note-error' : undefined}
                onInput={(e) => setBody(e.currentTarget.value)}
              />
              {error && (
                <p id="note-error" class="field__error" role="alert">
                  {error}
                </p>
              )}
            </div>
            <button type="submit" class="btn btn--primary btn--small" disabled={busy}>
              {busy ? 'Enregistrement…' : 'Ajouter la note'}
            </button>
          </form>
          {notes.length === 0 ? (
            <p class="muted">Aucune note pour le moment.</p>
          ) : (
            <ul class="file-list" data-testid="notes">
              {notes.map((n) => (
                <li key={n.id} data-testid="note">
                  <span class="muted">
                    {fullName(n.author)} · {formatWhen(n.createdAt)}
                  </span>
                  <p class="file-list__body">{n.body}</p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </FilePanel>
  );
}
