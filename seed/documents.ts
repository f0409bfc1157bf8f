import type { Platform } from '../src/platform';
import { markDocumentHistory } from '../src/documents/service';

/**
 * The fixture clients' documents (three months of statements, RIBs, avis
 * d'opéré) are not rendered here: a seed of thousands stays a matter of
 * seconds, and the Worker's start is not held by PDF work. They are issued at
 * each client's first look at their documents, or by the background sweep
 * (a batch a minute). What is dated before the seed is history: issued
 * without a notification, whenever that happens.
 */
export async function seedDocuments(p: Platform) {
  markDocumentHistory(p.db, p.clock.now());
}
