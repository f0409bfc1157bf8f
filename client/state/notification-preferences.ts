/** GET/PUT /api/me/notification-preferences: which channels each category uses. */
import { signal, computed } from '@preact/signals';
import { api } from '../api';
import type { Preferences } from '../../src/notifications/preferences';

export type { Preferences };

const current = signal<Preferences | null>(null);
export const notificationPreferences = computed(() => current.value);

export async function loadNotificationPreferences() {
  current.value = (
    await api.get<{ categories: Preferences }>('/api/me/notification-preferences')
  ).categories;
}

/** Saves every category; the stored choice comes back and replaces the local one. */
export async function saveNotificationPreferences(prefs: Preferences) {
  current.value = (
    await api.put<{ categories: Preferences }>('/api/me/notification-preferences', {
      categories: prefs,
    })
  ).categories;
}
