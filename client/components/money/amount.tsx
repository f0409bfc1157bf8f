import { useEffect, useRef, useState } from 'preact/hooks';
import { formatMoney, formatSignedMoney } from '../../format';
import { groupIban } from '../../iban';
import { reducedMotion } from '../../state/viewport';

/** An IBAN in groups of four; a group never breaks across lines. */
export function Iban({ iban, testId }: { iban: string; testId?: string }) {
  const groups = groupIban(iban).split(' ');
  return (
    <span class="iban" data-testid={testId}>
      {groups.map((g, i) => (
        <>
          {i > 0 && ' '}
          <span class="iban__group">{g}</span>
        </>
      ))}
    </span>
  );
}

/**
 * A signed amount: a minus sign and a distinct colour for money leaving, a plus
 * sign for money coming in (never the colour alone).
 */
export function SignedAmount({ cents, currency }: { cents: number; currency?: string }) {
  return (
    <span class={`amount${cents < 0 ? ' amount--out' : cents > 0 ? ' amount--in' : ''}`}>
      {formatSignedMoney(cents, currency)}
    </span>
  );
}

const TWEEN_MS = 700;

/**
 * A balance that counts to its new value when it changes live (`pulse` goes up),
 * with a brief highlight; without motion when the person prefers less of it.
 * Shown in cents all along: the tween rounds to whole cents.
 */
export function AnimatedBalance({
  cents,
  currency,
  pulse = 0,
  testId,
}: {
  cents: number;
  currency?: string;
  pulse?: number;
  testId?: string;
}) {
  const [shown, setShown] = useState(cents);
  const from = useRef(cents);
  useEffect(() => {
    const start = from.current;
    from.current = cents;
    if (start === cents || pulse === 0 || reducedMotion()) return setShown(cents);
    let frame = 0;
    const t0 = performance.now();
    const step = (now: number) => {
      const k = Math.min(1, (now - t0) / TWEEN_MS);
      const eased = 1 - (1 - k) ** 3;
      setShown(Math.round(start + (cents - start) * eased));
      if (k < 1) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [cents, pulse]);
  const negative = shown < 0;
  return (
    <span
      key={pulse}
      class={`balance${cents < 0 ? ' balance--negative' : ''}${pulse ? ' balance--changed' : ''}`}
      data-testid={testId}
      data-cents={cents}
    >
      {negative ? '−' + formatMoney(-shown, currency) : formatMoney(shown, currency)}
    </span>
  );
}
