import { useId } from 'preact/hooks';
import {
  disablePush,
  enablePush,
  MESSAGES,
  pushBusy,
  pushProblem,
  pushStatus,
} from '../../state/push';

/** "Activer les notifications": Web Push for this browser, asked for only when clicked. */
export function PushSwitch() {
  const id = useId();
  const status = pushStatus.value;
  const on = status === 'on';
  const blocked = status === 'unsupported' || status === 'denied';
  const problem = pushProblem.value;
  return (
    <div class="push-switch">
      <div class="push-switch__row">
        <div class="push-switch__text">
          <p class="push-switch__label" id={`${id}-label`}>
            Activer les notifications
          </p>
          <p class="push-switch__hint" id={`${id}-hint`}>
            Sur cet appareil, même lorsque l’application est fermée.
          </p>
        </div>
        <button
          type="button"
          role="switch"
          class="switch"
          aria-checked={on}
          aria-labelledby={`${id}-label`}
          aria-describedby={`${id}-hint`}
          aria-busy={pushBusy.value}
          disabled={blocked || status === 'checking' || pushBusy.value}
          // Called straight from the click: the permission prompt needs this user gesture.
          onClick={() => void (on ? disablePush() : enablePush())}
        >
          <span class="switch__thumb" aria-hidden="true" />
        </button>
      </div>
      {blocked && <p class="push-switch__note">{MESSAGES[status]}</p>}
      {problem && (
        <p class="push-switch__note push-switch__note--error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
