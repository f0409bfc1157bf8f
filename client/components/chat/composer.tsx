import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useAppState } from '../../state/app-state';
import { countChars, MAX_BODY_CHARS } from '../../state/chat';

const MAX_HEIGHT_PX = 180;

/** The message box: Enter sends, Shift+Enter starts a new line, at most 4,000 characters. */
export function Composer({ conversationId }: { conversationId: number }) {
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const { chat, connection } = useAppState();
  const { noteTyping, sendMessage, stopTyping } = chat;
  const count = countChars(text);
  const over = count > MAX_BODY_CHARS;
  const offline = connection.state.value === 'reconnecting';

  useEffect(() => () => stopTyping(conversationId), [conversationId]);

  // Grows with its content up to a few lines, then scrolls.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight + 2, MAX_HEIGHT_PX)}px`;
  }, [text]);

  function submit() {
    if (!text.trim()) return;
    const problem = sendMessage(conversationId, text);
    if (problem) return setError(problem);
    setText('');
    setError(null);
    ref.current?.focus();
  }

  const describedBy = [`${id}-hint`, (over || error) && `${id}-error`].filter(Boolean).join(' ');
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label for={id} class="visually-hidden">
        Votre message
      </label>
      <div class={`composer__box${over ? ' composer__box--error' : ''}`}>
        <textarea
          id={id}
          ref={ref}
          rows={1}
          value={text}
          placeholder="Écrivez votre message…"
          aria-describedby={describedBy}
          aria-invalid={over ? 'true' : undefined}
          onInput={(e) => {
            const value = e.currentTarget.value;
            setText(value);
            if (error) setError(null);
            if (value.trim()) noteTyping(conversationId);
            else stopTyping(conversationId);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <button
          type="submit"
          class="composer__send"
          disabled={!text.trim() || over}
          aria-label="Envoyer"
        >
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" fill="currentColor" />
          </svg>
        </button>
      </div>
      <div class="composer__foot">
        <p
          id={`${id}-hint`}
          class={offline ? 'composer__hint' : 'composer__hint composer__hint--keys'}
        >
          {offline
            ? 'Hors connexion : vos messages partiront dès le retour du réseau.'
            : 'Entrée pour envoyer, Maj + Entrée pour aller à la ligne.'}
        </p>
        {(over || count > MAX_BODY_CHARS - 200) && (
          <p class={`composer__count${over ? ' composer__count--over' : ''}`}>
            {count} / {MAX_BODY_CHARS}
          </p>
        )}
      </div>
      {(over || error) && (
        <p id={`${id}-error`} class="field__error" role="alert">
          {over ? `Votre message dépasse ${MAX_BODY_CHARS} caractères (${count}).` : error}
        </p>
      )}
    </form>
  );
}
