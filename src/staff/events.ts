/** The staff's own SSE event (shared with the client, type-only). */
import type { StaffAlertView } from './alert-view';

export type StaffSseEventMap = {
  /** A new alert about one of the recipient's clients (their advisor's and the director's streams). */
  'staff.alert': { alert: StaffAlertView };
};

export const STAFF_SSE_EVENTS = ['staff.alert'] as const;
