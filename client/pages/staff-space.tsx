import { useEffect } from 'preact/hooks';
import { AppShell } from '../components/layout';
import { Avatar } from '../components/avatar';
import { clients, clientsFailed, loadClients } from '../state/clients';
import { me } from '../state/session';
import { fullName } from '../format';

export function ClientList() {
  useEffect(() => void loadClients(), []);
  const director = me.value?.role === 'director';
  if (clientsFailed.value) return <p class="alert alert--error">La liste des clients n’a pas pu être chargée.</p>;
  if (!clients.value) return <p aria-busy="true">Chargement…</p>;
  if (clients.value.length === 0) return <p class="muted">Aucun client pour le moment.</p>;
  return (
    <ul class="client-list">
      {clients.value.map((c) => (
        <li class="client-list__item" key={c.id}>
          <Avatar user={c} online={c.online} />
          <div class="client-list__main">
            <p class="person__name">{fullName(c)}</p>
            <p class="muted">{c.email}</p>
          </div>
          {director && c.advisor && <p class="muted client-list__advisor">Conseiller : {fullName(c.advisor)}</p>}
        </li>
      ))}
    </ul>
  );
}

/** The staff space: an advisor's clients (every client for the director). */
export function StaffSpace() {
  const director = me.value?.role === 'director';
  return (
    <AppShell>
      <h1 class="page-title">{director ? 'Direction' : 'Espace conseiller'}</h1>
      <section class="panel" aria-labelledby="clients-title">
        <h2 id="clients-title" class="panel__title">
          {director ? 'Tous les clients' : 'Mes clients'}
        </h2>
        <ClientList />
      </section>
    </AppShell>
  );
}
