import { signal } from '@preact/signals';
import { api } from '../api';

export type Gender = 'feminine' | 'masculine';

/** Staff members' grammatical gender (GET /api/titles), so titles read « Conseillère », « Directrice ». */
const genders = signal<ReadonlyMap<number, Gender>>(new Map());

export const genderOf = (userId: number): Gender | undefined => genders.value.get(userId);

/** Loads the titles once signed in; a failure keeps the neutral titles. */
export async function loadTitles() {
  try {
    const { items } = await api.get<{ items: { id: number; gender: Gender }[] }>('/api/titles');
    genders.value = new Map(items.map((t) => [t.id, t.gender]));
  } catch {
    // Titles are cosmetic: keep « Conseiller » rather than failing the page.
  }
}
