/** IBANs as people type them: upper case, grouped by four, checked (mod 97) before asking the bank. */

/** Letters and digits only, upper case. */
export const compactIban = (raw: string) => raw.replace(/[^0-9a-z]/gi, '').toUpperCase();

export const groupIban = (compact: string) => compact.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * The input's new value and caret after an edit: grouped by four, the caret kept
 * after the same letter or digit it followed.
 */
export function formatIbanInput(raw: string, caret: number) {
  const before = compactIban(raw.slice(0, caret)).length;
  const value = groupIban(compactIban(raw).slice(0, 34));
  let seen = 0;
  let pos = 0;
  while (pos < value.length && seen < before) if (value[pos++] !== ' ') seen++;
  return { value, caret: pos };
}

export function isValidIban(raw: string) {
  const s = compactIban(raw);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  const digits = (s.slice(4) + s.slice(0, 4)).replace(/[A-Z]/g, (c) =>
    String(c.charCodeAt(0) - 55),
  );
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}

/** AVENIR's own IBANs (bank code 30077): instant transfers; anything else is a simulated SEPA one. */
export const isAvenirIban = (raw: string) => /^FR\d{2}30077/.test(compactIban(raw));
