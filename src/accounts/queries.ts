import { z } from 'zod';
import { pageQuery } from '../http/paging';
import { parisDayEnd, parseParisDay } from '../ledger/paris-time';

const day = (field: 'from' | 'to') =>
  z
    .string()
    .refine((v) => parseParisDay(v) !== null, `${field} : une date AAAA-MM-JJ.`)
    .transform((v) => (field === 'from' ? parseParisDay(v)! : parisDayEnd(v)!))
    .optional();

/** `from`/`to` (YYYY-MM-DD, Europe/Paris days, both included). */
export const rangeQuery = z.object({ from: day('from'), to: day('to') });

/** History paging plus the range and `q` (label and counterparty, accents and case ignored). */
export const historyQuery = pageQuery.extend({
  from: day('from'),
  to: day('to'),
  q: z.string().max(100, 'q : au plus 100 caractères.').optional(),
});
