import { z } from 'zod';

/** A positive integer id as it appears in a path or a query. */
export const positiveId = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, 'Identifiant invalide.')
  .transform(Number)
  .refine(Number.isSafeInteger, 'Identifiant invalide.');

/** A positive integer id in a path segment (for `validate('param', idParam)`). */
export const idParam = z.object({ id: positiveId });

/** The `:id` path segment as a number, or null: routes where a malformed id simply names nothing (404). */
export function parseId(raw: string | undefined): number | null {
  const r = positiveId.safeParse(raw);
  return r.success ? r.data : null;
}
