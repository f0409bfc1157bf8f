import { LineIcon } from './line-icon';
import { useAppState } from '../state/app-state';

/** « Son des messages »: a chime for each incoming message, off until the person turns it on. */
export function SoundToggle() {
  const { preferences } = useAppState();
  const on = preferences.sound.value;
  return (
    <button
      type="button"
      class="icon-button sound-toggle"
      aria-pressed={on}
      aria-label="Son des nouveaux messages"
      title={on ? 'Son des messages activé' : 'Son des messages désactivé'}
      data-testid="sound-toggle"
      data-sounds={preferences.soundsPlayed.value}
      onClick={() => preferences.setSound(!on)}
    >
      <LineIcon>
        <path d="M4 9.5h3.5L12 6v12l-4.5-3.5H4z" />
        {on ? (
          <path d="M15.5 9a4 4 0 0 1 0 6M18 6.5a7.5 7.5 0 0 1 0 11" />
        ) : (
          <path d="m16 9.5 5 5m0-5-5 5" />
        )}
      </LineIcon>
      {/* Words beside the icon: a crossed loudspeaker alone is easy to misread. */}
      <span class="sound-toggle__text">Son</span>
    </button>
  );
}
