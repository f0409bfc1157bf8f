/** The advisor's inbox of client conversations and the open conversation (issue 3). */
export function StaffInbox() {
  return null;
}
