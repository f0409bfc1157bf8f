import { z } from 'zod';
import { positiveId } from './params';

/** `?before=ID&limit=N` for newest-first lists: N from 1 to 100, 50 when absent. */
export const pageQuery = z.object({
  before: positiveId.optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'Entre 1 et 100.')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 100, 'Entre 1 et 100.')
    .optional()
    .transform((n) => n ?? 50),
});
