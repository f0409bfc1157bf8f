/** « Notifications »: which categories reach the client by push and by e-mail (in the app: always). */
import { useEffect, useState } from 'preact/hooks';
import {
  loadNotificationPreferences,
  notificationPreferences,
  saveNotificationPreferences,
  type Preferences,
} from '../state/notification-preferences';
import './documents.css';

const CATEGORIES: { key: keyof Preferences; label: string; hint: string }[] = [
  { key: 'chat', label: 'Mon conseiller', hint: 'Messages, rendez-vous et informations' },
  { key: 'transfer', label: 'Virements', hint: 'Virements reçus, virements programmés' },
  { key: 'savings', label: 'Épargne', hint: 'Taux et intérêts du Livret' },
  { key: 'trade', label: 'Bourse', hint: 'Ordres exécutés' },
  { key: 'document', label: 'Documents', hint: 'Relevés et avis disponibles' },
  { key: 'news', label: 'Actualités', hint: 'Nouvelles de la banque' },
  { key: 'security', label: 'Sécurité', hint: 'Toujours activé : connexions, alertes' },
];

export function NotificationSettingsPage() {
  const stored = notificationPreferences.value;
  const [draft, setDraft] = useState<Preferences | null>(null);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  useEffect(() => void loadNotificationPreferences().catch(() => setStatus('failed')), []);
  const prefs = draft ?? stored;
  const toggle = (key: keyof Preferences, channel: 'push' | 'email') => {
    if (!prefs) return;
    setDraft({ ...prefs, [key]: { ...prefs[key], [channel]: !prefs[key][channel] } });
    setStatus('idle');
  };
  const save = async (e: Event) => {
    e.preventDefault();
    if (!prefs) return;
    setStatus('saving');
    try {
      await saveNotificationPreferences(prefs);
      setDraft(null);
      setStatus('saved');
    } catch {
      setStatus('failed');
    }
  };
  return (
    <>
      <h1 class="page-title">Notifications</h1>
      <form class="panel" onSubmit={save} aria-labelledby="prefs-title">
        <h2 id="prefs-title" class="panel__title">
          Comment vous prévenir
        </h2>
        <p class="muted">
          Tout apparaît toujours dans l’application. Choisissez en plus ce qui vous est envoyé par
          notification sur cet appareil et par e-mail.
        </p>
        {!prefs ? (
          <p aria-busy="true">Chargement…</p>
        ) : (
          <table class="prefs-table">
            <thead>
              <tr>
                <th scope="col">Catégorie</th>
                <th scope="col" class="prefs-table__check">
                  Push
                </th>
                <th scope="col" class="prefs-table__check">
                  E-mail
                </th>
              </tr>
            </thead>
            <tbody>
              {CATEGORIES.map((c) => (
                <tr key={c.key}>
                  <th scope="row">
                    {c.label}
                    <span class="muted prefs-table__hint">{c.hint}</span>
                  </th>
                  {(['push', 'email'] as const).map((channel) => (
                    <td class="prefs-table__check" key={channel}>
                      <input
                        type="checkbox"
                        checked={prefs[c.key][channel]}
                        disabled={c.key === 'security'}
                        aria-label={`${c.label} : ${channel === 'push' ? 'notification push' : 'e-mail'}`}
                        onChange={() => toggle(c.key, channel)}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p role="status" class={status === 'failed' ? 'alert alert--error' : 'muted'}>
          {status === 'saved'
            ? 'Préférences enregistrées.'
            : status === 'failed'
              ? 'L’enregistrement a échoué. Réessayez.'
              : ''}
        </p>
        <button type="submit" class="btn btn--primary" disabled={!draft || status === 'saving'}>
          Enregistrer
        </button>
      </form>
    </>
  );
}
