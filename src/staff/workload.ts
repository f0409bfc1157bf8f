import { sql } from 'drizzle-orm';
import type { Platform } from '../platform';
import type { Role } from '../db/schema';

/**
 * Per advisor: how many clients, how many of their conversations wait for an
 * answer (the client wrote last), how many alerts are open. For the director's desk.
 */
export function workloadByAdvisor(p: Platform) {
  const rows = p.db.all<{
    id: number;
    firstName: string;
    lastName: string;
    role: Role;
    clients: number;
    unanswered: number;
    openAlerts: number;
  }>(sql`
    select a.id, a.first_name as firstName, a.last_name as lastName, a.role,
      (select count(*) from users u where u.advisor_id = a.id and u.role = 'client') as clients,
      (select count(*) from users u join conversations c on c.client_id = u.id
        join messages m on m.id = (select max(id) from messages where conversation_id = c.id)
        where u.advisor_id = a.id and u.role = 'client' and m.sender_id = u.id) as unanswered,
      (select count(*) from staff_alerts s join users u on u.id = s.client_id
        where u.advisor_id = a.id and s.resolved_at is null) as openAlerts
    from users a where a.role = 'advisor' order by a.last_name, a.first_name, a.id`);
  return rows.map(({ clients, unanswered, openAlerts, ...advisor }) => ({
    advisor,
    clients,
    unansweredConversations: unanswered,
    openAlerts,
  }));
}
