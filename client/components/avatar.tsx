import { initials } from '../format';

/** Initials in a circle, with an optional presence dot that is also spoken. */
export function Avatar({
  user,
  online,
}: {
  user: { firstName: string; lastName: string; role?: string };
  online?: boolean;
}) {
  return (
    <span
      class={`avatar avatar--${user.role ?? 'client'}`}
      aria-hidden={online === undefined ? 'true' : undefined}
    >
      {initials(user)}
      {online !== undefined && (
        <span
          class={`presence ${online ? 'presence--on' : ''}`}
          role="img"
          aria-label={online ? 'en ligne' : 'hors ligne'}
        />
      )}
    </span>
  );
}
