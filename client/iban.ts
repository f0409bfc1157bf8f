/**
 * IBANs as people type them. The rules (compaction, checksum, AVENIR's bank code)
 * are the server's own module; this file only keeps the input field's editing.
 */
import { compactIban, groupIban } from '../src/accounts/iban';

export { compactIban, groupIban, isAvenirIban, isValidIban } from '../src/accounts/iban';

/** What an IBAN can hold: separators and punctuation typed or pasted are dropped as people type. */
const ibanChars = (raw: string) => compactIban(raw).replace(/[^0-9A-Z]/g, '');

/**
 * The input's new value and caret after an edit: grouped by four, the caret kept
 * after the same letter or digit it followed.
 */
export function formatIbanInput(raw: string, caret: number) {
  const before = ibanChars(raw.slice(0, caret)).length;
  const value = groupIban(ibanChars(raw).slice(0, 34));
  let seen = 0;
  let pos = 0;
  while (pos < value.length && seen < before) if (value[pos++] !== ' ') seen++;
  return { value, caret: pos };
}
