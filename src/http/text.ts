/**
 * The one rule for free text people type (names, messages, news, notifications):
 * at least one visible character, no control characters (NUL, …), no bidi
 * overrides or isolates that make text read differently from how it is stored,
 * and no line break where the text is one line (names, titles).
 */
import { z } from 'zod';

// Bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069).
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;
// C0/C1 controls except tab and line breaks, which multi-line text may hold.
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAKS = /[\r\n\u2028\u2029]/u;
// What draws nothing: white space, format characters (zero-width, U+2060, U+FEFF,
// soft hyphen, …), lone combining marks and the blank-looking fillers.
const INVISIBLE = /^[\s\p{Cc}\p{Cf}\p{M}\u115F\u1160\u3164\uFFA0\u2800]*$/u;

/** Why `text` is refused, or null when it is acceptable. */
export function textProblem(text: string, label: string, opts: { multiline?: boolean } = {}) {
  if (CONTROLS.test(text) || (!opts.multiline && text.includes('\t')))
    return `${label} : caractères de contrôle interdits.`;
  if (!opts.multiline && LINE_BREAKS.test(text)) return `${label} : une seule ligne.`;
  if (BIDI_CONTROLS.test(text)) return `${label} : caractères de direction du texte interdits.`;
  if (INVISIBLE.test(text)) return `${label} : au moins un caractère visible.`;
  return null;
}

/** A refinement for a zod string: adds the field error of `textProblem`. */
export const visibleText =
  (label: string, opts: { multiline?: boolean } = {}) =>
  (text: string, ctx: z.RefinementCtx) => {
    const problem = textProblem(text, label, opts);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  };

/** A required, trimmed, bounded text field (1–max characters) that passes `visibleText`. */
export const requiredText = (label: string, max: number, opts: { multiline?: boolean } = {}) =>
  z
    .string({ error: `${label} requis.` })
    .trim()
    .min(1, `${label} requis.`)
    .max(max, `${label} : au plus ${max} caractères.`)
    .superRefine(visibleText(label, opts));

/** An optional one-line text field (0–max characters, trimmed): empty is fine, anything else passes `visibleText`. */
export const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} : texte attendu.` })
    .trim()
    .max(max, `${label} : au plus ${max} caractères.`)
    .superRefine((text, ctx) => {
      if (text !== '') visibleText(label)(text, ctx);
    });
