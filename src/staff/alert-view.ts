import type { StaffAlertKind, staffAlerts } from './schema';
import { toUserSummary, type UserSummary } from '../users/shape';
import type { User } from '../db/schema';

type Person = Pick<User, 'id' | 'firstName' | 'lastName' | 'role'>;

/** An alert as staff see it (GET /api/staff/alerts, SSE `staff.alert`). */
export type StaffAlertView = {
  id: number;
  kind: StaffAlertKind;
  client: UserSummary;
  detail: string;
  amountCents: number | null;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: UserSummary | null;
};

export function toAlertView(
  a: typeof staffAlerts.$inferSelect,
  client: Person,
  resolver: Person | null,
): StaffAlertView {
  return {
    id: a.id,
    kind: a.kind,
    client: toUserSummary(client),
    detail: a.detail,
    amountCents: a.amountCents,
    createdAt: a.createdAt.toISOString(),
    resolvedAt: a.resolvedAt ? a.resolvedAt.toISOString() : null,
    resolvedBy: resolver ? toUserSummary(resolver) : null,
  };
}
